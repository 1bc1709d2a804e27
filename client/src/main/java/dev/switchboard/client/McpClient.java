package dev.switchboard.client;

import dev.switchboard.client.auth.Authorizer;
import dev.switchboard.client.internal.Backoff;
import dev.switchboard.client.internal.CallControl;
import dev.switchboard.client.internal.CallRunner;
import dev.switchboard.client.internal.ClientSettings;
import dev.switchboard.client.internal.Connection;
import dev.switchboard.client.internal.Connector;
import dev.switchboard.client.internal.Exchanger;
import dev.switchboard.client.internal.HttpTransport;
import dev.switchboard.client.internal.Ids;
import dev.switchboard.client.internal.InputAnswers;
import dev.switchboard.client.internal.Listens;
import dev.switchboard.client.internal.ResultCache;
import dev.switchboard.client.internal.Results;
import dev.switchboard.client.internal.StdioChannel;
import dev.switchboard.client.internal.TaskSignals;
import dev.switchboard.client.internal.TaskWaiter;
import dev.switchboard.client.internal.TaskWatches;
import dev.switchboard.client.internal.Timer;
import dev.switchboard.client.internal.ToolHeaders;
import dev.switchboard.protocol.EmptyResult;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.lifecycle.DiscoverRequest;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.ListPromptsRequest;
import dev.switchboard.protocol.prompts.ListPromptsResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.ListResourceTemplatesRequest;
import dev.switchboard.protocol.resources.ListResourceTemplatesResult;
import dev.switchboard.protocol.resources.ListResourcesRequest;
import dev.switchboard.protocol.resources.ListResourcesResult;
import dev.switchboard.protocol.resources.ReadResourceRequest;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenRequest;
import dev.switchboard.protocol.tasks.CancelTaskRequest;
import dev.switchboard.protocol.tasks.CreateTaskResult;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.GetTaskRequest;
import dev.switchboard.protocol.tasks.GetTaskResult;
import dev.switchboard.protocol.tasks.UpdateTaskRequest;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsRequest;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/*
 * Over 400 lines on purpose: this is the entry point, one documented method (plus overloads) per
 * protocol request and the builder. The logic lives in dev.switchboard.client.internal.
 */

/**
 * A client of one MCP server over Streamable HTTP (or stdio, {@link #builder(List)}), speaking MCP 2026-07-28 or the session era
 * (2025-11-25 and earlier), whichever the server does ({@link Era}).
 *
 * <pre>{@code
 * try (McpClient client = McpClient.builder(URI.create("http://127.0.0.1:8080/mcp"))
 *         .elicitation(request -> ElicitResult.accept(JsonObject.of("name", Json.of("Ada"))))
 *         .build()) {
 *     for (Tool tool : client.listAllTools()) {
 *         System.out.println(tool.name());
 *     }
 *     CallToolResult r = client.callTool("echo", JsonObject.of("text", Json.of("hi")));
 * }
 * }</pre>
 *
 * <p>There is one method per protocol request, taking the request's params record and returning
 * its result record; convenience overloads build the record for you. Every method blocks the
 * calling thread until the complete result arrives (run many on virtual threads for concurrency)
 * and throws {@link McpClientException} on failure. Nothing is sent before the first call, which
 * negotiates the era. MRTR rounds (the server asking for input) are answered through the
 * registered handlers and retried transparently. A tool that fails is a result with
 * {@code isError}, not an exception.
 *
 * <p>Results may be cached ({@link Builder#cache(boolean)}, off by default) for the {@code ttlMs}
 * the server gives them. {@link #listen} subscribes to change notifications, which also keep that
 * cache honest.
 *
 * <p>With the Tasks extension, a {@code tools/call} may run as a task on the server:
 * {@link #callToolAndWait} creates and follows it to the end, {@link #callToolAsTask} and
 * {@link #awaitTask} do it in two steps, and {@link #getTask}, {@link #updateTask} and
 * {@link #cancelTask} are the extension's requests (MCP 2026-07-28 only).
 *
 * <p>Thread-safe: share one client per server. It owns an HTTP connection pool; {@link #close()}
 * releases it (and ends the session-era session).
 */
public final class McpClient implements AutoCloseable {
    /** This client's version, reported in the default {@code clientInfo}. */
    public static final String VERSION = "0.1.0";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ClientSettings settings;
    private final Timer timer;
    private final AutoCloseable transport;
    private final StdioChannel stdio;
    private final Connector connector;
    private final CallRunner runner;
    private final ResultCache cache;
    private final ToolHeaders tools = new ToolHeaders();
    private final Listens listens;
    private final TaskWatches watches;
    private final TaskWaiter tasks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private McpClient(ClientSettings settings, Duration connectTimeout, ClientConnections shared, ResultCache cache,
                      Authorizer authorizer, Backoff backoff, Duration[] polling, boolean push) {
        this.settings = settings;
        this.cache = cache;
        HttpTransport http = shared != null ? shared.transport() : new HttpTransport(connectTimeout,
                settings.clientInfo().name() + "/" + settings.clientInfo().version());
        this.timer = http;
        this.transport = shared != null ? () -> { } : http; // a shared pool outlives its clients
        this.stdio = null;
        Exchanger exchanger = new Exchanger(http, settings.endpoint(), settings.maxResponseBytes(), authorizer);
        this.connector = new Connector(settings, exchanger, tools, new Ids(), http);
        this.runner = new CallRunner(settings, connector, tools, http, cache);
        this.listens = new Listens(settings, exchanger, http, cache, backoff);
        this.watches = new TaskWatches(push ? listens : null, runner::connection, backoff);
        this.tasks = new TaskWaiter(settings, runner, http, watches, polling[0], polling[1]);
    }

    private McpClient(ClientSettings settings, StdioChannel stdio, ResultCache cache, Backoff backoff,
                      Duration[] polling, boolean push) {
        this.settings = settings;
        this.cache = cache;
        this.timer = stdio;
        this.transport = stdio;
        this.stdio = stdio;
        this.connector = new Connector(settings, stdio, tools, new Ids(), stdio);
        this.runner = new CallRunner(settings, connector, tools, stdio, cache);
        this.listens = new Listens(settings, stdio, stdio, cache, backoff);
        this.watches = new TaskWatches(push ? listens : null, runner::connection, backoff);
        this.tasks = new TaskWaiter(settings, runner, stdio, watches, polling[0], polling[1]);
    }

    /**
     * A builder for a client of the MCP endpoint at {@code endpoint} ({@code http} or {@code https}).
     *
     * @throws IllegalArgumentException for another scheme or a URI without host
     */
    public static Builder builder(URI endpoint) {
        return new Builder(endpoint);
    }

    /**
     * A builder for a client of the MCP server run by {@code command} (program and arguments) over
     * stdio: {@link Builder#build()} starts the process, which then speaks newline-delimited
     * JSON-RPC on its stdin and stdout; its stderr is kept ({@link #serverStderr()}, and the end of
     * it in the exception when it dies); {@link #close()} ends it. The era is probed as over HTTP,
     * except that any answer to {@code server/discover} other than a modern result means the
     * session era. {@link Builder#header} does not apply; {@link Builder#workingDirectory},
     * {@link Builder#environment} and {@link Builder#shutdownGrace} do.
     *
     * @throws IllegalArgumentException for an empty command
     */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    // ---- what was negotiated ----------------------------------------------------------------

    /** The MCP endpoint. */
    public URI endpoint() {
        return settings.endpoint();
    }

    /**
     * What a stdio server last wrote to its stderr (up to 64 KiB); empty over HTTP.
     */
    public String serverStderr() {
        return stdio == null ? "" : stdio.stderr();
    }

    /** The server process of a stdio client, empty over HTTP. */
    public java.util.Optional<ProcessHandle> serverProcess() {
        return stdio == null ? java.util.Optional.empty() : java.util.Optional.of(stdio.process());
    }

    /** The era in use, {@link Era#MODERN} or {@link Era#LEGACY}; negotiates first if needed. */
    public Era era() {
        return runner.connection().isModern() ? Era.MODERN : Era.LEGACY;
    }

    /** The protocol revision in use, e.g. {@code 2026-07-28}; negotiates first if needed. */
    public String protocolVersion() {
        return runner.connection().protocolVersion();
    }

    /**
     * The server's capabilities, from the era probe or the handshake; sends {@code server/discover}
     * when the modern era was forced and nothing is known yet.
     */
    public ServerCapabilities serverCapabilities() {
        Connection c = runner.connection();
        return c.description() != null ? c.serverCapabilities() : discover().capabilities();
    }

    /** The server's implementation info, or null when the server did not send it. */
    public Implementation serverInfo() {
        Connection c = runner.connection();
        if (c.description() == null) {
            discover();
        }
        return c.serverInfo();
    }

    // ---- server/discover --------------------------------------------------------------------

    /**
     * {@code server/discover}: versions, capabilities, instructions. In the session era, which has
     * no such request, the answer is made from the {@code initialize} result ({@code ttlMs} 0).
     */
    public DiscoverResult discover(DiscoverRequest request, CallOptions options) {
        Connection c = runner.connection();
        if (!c.isModern()) {
            return c.description();
        }
        DiscoverResult result = rpc(Methods.SERVER_DISCOVER, request, options, DiscoverResult.class);
        c.describe(result);
        return result;
    }

    /** {@code server/discover} with default options. */
    public DiscoverResult discover() {
        return discover(DiscoverRequest.of(), CallOptions.DEFAULT);
    }

    // ---- tools ------------------------------------------------------------------------------

    /**
     * {@code tools/list}: one page. Tools whose {@code x-mcp-header} annotations are invalid are
     * left out (with a logged warning), as the protocol tells clients to; the annotations of the
     * others are remembered so that {@link #callTool} can send their {@code Mcp-Param-*} headers.
     */
    public ListToolsResult listTools(ListToolsRequest request, CallOptions options) {
        ListToolsResult page = rpc(Methods.TOOLS_LIST, request, options, ListToolsResult.class);
        return connector.current().isModern() ? tools.accept(page) : page;
    }

    /** {@code tools/list}: one page, default options. */
    public ListToolsResult listTools(ListToolsRequest request) {
        return listTools(request, CallOptions.DEFAULT);
    }

    /** Every tool, following {@code nextCursor} through all pages. */
    public List<Tool> listAllTools() {
        return all(c -> listTools(new ListToolsRequest(c, null)), ListToolsResult::tools, ListToolsResult::nextCursor);
    }

    /**
     * {@code tools/call}. Input the server asks for is obtained from the handlers and the call
     * retried (at most {@link Builder#maxInputRounds} rounds). After a {@code -32020} header
     * mismatch the tool list is fetched again and the call retried once.
     *
     * @return the tool's result; a failed tool has {@code isError} set
     */
    public CallToolResult callTool(CallToolRequest request, CallOptions options) {
        return rpc(Methods.TOOLS_CALL, request, options, CallToolResult.class);
    }

    /** {@code tools/call} with default options. */
    public CallToolResult callTool(CallToolRequest request) {
        return callTool(request, CallOptions.DEFAULT);
    }

    /** {@code tools/call} of tool {@code name} with {@code arguments} (may be null). */
    public CallToolResult callTool(String name, JsonObject arguments) {
        return callTool(CallToolRequest.of(name, arguments), CallOptions.DEFAULT);
    }

    // ---- resources --------------------------------------------------------------------------

    /** {@code resources/list}: one page. */
    public ListResourcesResult listResources(ListResourcesRequest request, CallOptions options) {
        return rpc(Methods.RESOURCES_LIST, request, options, ListResourcesResult.class);
    }

    /** {@code resources/list}: one page, default options. */
    public ListResourcesResult listResources(ListResourcesRequest request) {
        return listResources(request, CallOptions.DEFAULT);
    }

    /** Every resource, through all pages. */
    public List<Resource> listAllResources() {
        return all(c -> listResources(new ListResourcesRequest(c, null)), ListResourcesResult::resources,
                ListResourcesResult::nextCursor);
    }

    /** {@code resources/templates/list}: one page. */
    public ListResourceTemplatesResult listResourceTemplates(ListResourceTemplatesRequest request, CallOptions options) {
        return rpc(Methods.RESOURCES_TEMPLATES_LIST, request, options, ListResourceTemplatesResult.class);
    }

    /** {@code resources/templates/list}: one page, default options. */
    public ListResourceTemplatesResult listResourceTemplates(ListResourceTemplatesRequest request) {
        return listResourceTemplates(request, CallOptions.DEFAULT);
    }

    /** Every resource template, through all pages. */
    public List<ResourceTemplate> listAllResourceTemplates() {
        return all(c -> listResourceTemplates(new ListResourceTemplatesRequest(c, null)),
                ListResourceTemplatesResult::resourceTemplates, ListResourceTemplatesResult::nextCursor);
    }

    /** {@code resources/read}; input the server asks for is handled as for {@link #callTool}. */
    public ReadResourceResult readResource(ReadResourceRequest request, CallOptions options) {
        return rpc(Methods.RESOURCES_READ, request, options, ReadResourceResult.class);
    }

    /** {@code resources/read} with default options. */
    public ReadResourceResult readResource(ReadResourceRequest request) {
        return readResource(request, CallOptions.DEFAULT);
    }

    /** {@code resources/read} of {@code uri}. */
    public ReadResourceResult readResource(String uri) {
        return readResource(ReadResourceRequest.of(uri), CallOptions.DEFAULT);
    }

    // ---- prompts and completion -------------------------------------------------------------

    /** {@code prompts/list}: one page. */
    public ListPromptsResult listPrompts(ListPromptsRequest request, CallOptions options) {
        return rpc(Methods.PROMPTS_LIST, request, options, ListPromptsResult.class);
    }

    /** {@code prompts/list}: one page, default options. */
    public ListPromptsResult listPrompts(ListPromptsRequest request) {
        return listPrompts(request, CallOptions.DEFAULT);
    }

    /** Every prompt, through all pages. */
    public List<Prompt> listAllPrompts() {
        return all(c -> listPrompts(new ListPromptsRequest(c, null)), ListPromptsResult::prompts,
                ListPromptsResult::nextCursor);
    }

    /** {@code prompts/get}; input the server asks for is handled as for {@link #callTool}. */
    public GetPromptResult getPrompt(GetPromptRequest request, CallOptions options) {
        return rpc(Methods.PROMPTS_GET, request, options, GetPromptResult.class);
    }

    /** {@code prompts/get} with default options. */
    public GetPromptResult getPrompt(GetPromptRequest request) {
        return getPrompt(request, CallOptions.DEFAULT);
    }

    /** {@code prompts/get} of prompt {@code name} with {@code arguments} (may be null). */
    public GetPromptResult getPrompt(String name, Map<String, String> arguments) {
        return getPrompt(GetPromptRequest.of(name, arguments), CallOptions.DEFAULT);
    }

    /** {@code completion/complete}: suggestions for a prompt or resource-template argument. */
    public CompleteResult complete(CompleteRequest request, CallOptions options) {
        return rpc(Methods.COMPLETION_COMPLETE, request, options, CompleteResult.class);
    }

    /** {@code completion/complete} with default options. */
    public CompleteResult complete(CompleteRequest request) {
        return complete(request, CallOptions.DEFAULT);
    }

    // ---- tasks (extension io.modelcontextprotocol/tasks) ---------------------------------------

    /**
     * {@code tools/call}, allowing the server to run it as a task: the request declares the Tasks
     * extension in its {@code clientCapabilities}, and the server answers either with the tool's
     * result or with a task to follow ({@link ToolCallOutcome.TaskCreated}). Input the server
     * asks for before it creates the task (MRTR) is handled as for {@link #callTool}. MCP
     * 2026-07-28 only.
     *
     * @throws McpClientException {@link McpClientException.Kind#UNSUPPORTED} with a session-era
     *                            server; otherwise as {@link #callTool}
     */
    public ToolCallOutcome callToolAsTask(CallToolRequest request, CallOptions options) {
        Objects.requireNonNull(request, "request");
        return outcome(runner.call(Methods.TOOLS_CALL, Codec.encode(request), options, true));
    }

    /** A complete answer to a {@code tools/call} that allowed a task. */
    private ToolCallOutcome outcome(JsonObject result) {
        if (Codec.isTask(result)) {
            return new ToolCallOutcome.TaskCreated(Results.decode(Methods.TOOLS_CALL, result, CreateTaskResult.class,
                    settings.endpoint()));
        }
        return new ToolCallOutcome.Completed(Results.decode(Methods.TOOLS_CALL, result, CallToolResult.class,
                settings.endpoint()));
    }

    /**
     * {@code tools/call}, allowing a task, and waiting for the result either way: when the server
     * creates a task, this follows it ({@link #awaitTask}: pushed changes, polling as the fallback)
     * until it ends. {@code options.timeout()} bounds each request, {@link CallOptions#taskTimeout()}
     * the whole wait; the {@link CallOptions#cancellation()} token (or an interrupt) stops it and
     * sends {@code tasks/cancel}.
     *
     * <pre>{@code
     * CallToolResult r = client.callToolAndWait(CallToolRequest.of("render_video", args),
     *         CallOptions.builder().taskTimeout(Duration.ofMinutes(30)).build());
     * }</pre>
     *
     * @return the tool's result; a failed tool has {@code isError} set
     * @throws TaskException      when the task failed, was cancelled, expired, or the wait was
     *                            given up (timeout, token, input the client cannot give)
     * @throws McpClientException when the call itself failed, as {@link #callTool}
     */
    public CallToolResult callToolAndWait(CallToolRequest request, CallOptions options) {
        return switch (callToolAsTask(request, options)) {
            case ToolCallOutcome.Completed c -> c.result();
            case ToolCallOutcome.TaskCreated t -> decodeToolResult(t.task().taskId(),
                    tasks.await(t.task().taskId(), t.task(), options));
        };
    }

    /** {@link #callToolAndWait(CallToolRequest, CallOptions)} with default options: no task timeout. */
    public CallToolResult callToolAndWait(CallToolRequest request) {
        return callToolAndWait(request, CallOptions.DEFAULT);
    }

    /**
     * Waits for the {@code tools/call} task {@code taskId} to end and returns its result: polls
     * {@code tasks/get} when the server pushes a change of the task, and otherwise at the server's
     * {@code pollIntervalMs} (within {@link Builder#taskPolling}). Push ({@link Builder#taskPush},
     * on by default) is one {@code subscriptions/listen} stream of this client with
     * {@code notifications.taskIds} for every task it waits for, held while it waits (MCP
     * 2026-07-28; polling alone when the server refuses it or does not push); a
     * {@link #listen} subscription of yours delivering {@code notifications/tasks} for the task
     * wakes the wait too. When the task asks for input
     * ({@code input_required}) the registered elicitation, sampling and roots handlers answer
     * each request once, and the answers go back with {@code tasks/update}. A few transient
     * failures (transport, 5xx, 429) are retried at the poll interval. Blocks the calling thread.
     *
     * @param taskId  e.g. from {@link ToolCallOutcome.TaskCreated}, or one kept from earlier
     * @param options {@code timeout} bounds each request, {@code taskTimeout} the whole wait;
     *                the token (or an interrupt) cancels it and sends {@code tasks/cancel}
     * @throws TaskException when the task failed ({@link McpClientException.Kind#ERROR_RESPONSE}
     *                       with its error), was cancelled, is no longer known to the server
     *                       ({@code -32602}), or the wait was given up; see {@link TaskException}
     */
    public CallToolResult awaitTask(String taskId, CallOptions options) {
        Objects.requireNonNull(taskId, "taskId");
        return decodeToolResult(taskId, tasks.await(taskId, null, options));
    }

    /**
     * Watches task {@code taskId}, for code that polls it itself ({@link #getTask}) and wants to
     * poll as soon as it changes: the watch wakes on each {@code notifications/tasks} for the task,
     * which the client asks the server to push while the watch is open, as for {@link #awaitTask}
     * ({@link Builder#taskPush}) from its first {@link TaskWatch#awaitChange} of 10 ms or more.
     * Sends nothing itself; close the watch when done.
     */
    public TaskWatch watchTask(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return watches.watch(taskId);
    }

    private CallToolResult decodeToolResult(String taskId, JsonObject result) {
        try {
            return Results.decode(Methods.TOOLS_CALL, result, CallToolResult.class, settings.endpoint());
        } catch (McpClientException e) {
            throw new TaskException(e.kind(), e.getMessage() + " (the result of task " + taskId + ")", taskId, null,
                    null, e);
        }
    }

    /**
     * {@code tasks/get}: the task now, with what its status carries (outstanding
     * {@code inputRequests}, the {@code result}, or the {@code error}). Sends
     * {@code Mcp-Name: <taskId>}.
     *
     * @throws ErrorResponseException {@code -32602} when the server does not know the task (any
     *                                more)
     */
    public GetTaskResult getTask(GetTaskRequest request, CallOptions options) {
        return taskRpc(Methods.TASKS_GET, request, options, GetTaskResult.class);
    }

    /** {@code tasks/get} of {@code taskId}: the detailed task. */
    public DetailedTask getTask(String taskId) {
        return getTask(GetTaskRequest.of(taskId), CallOptions.DEFAULT).task();
    }

    /**
     * {@code tasks/update}: answers some or all of a task's outstanding input requests, by key
     * (encode handler results with {@code Codec.encode}, e.g. an {@code ElicitResult}). The
     * server ignores keys it does not know or already has. Not needed with
     * {@link #awaitTask}, which answers for you.
     */
    public EmptyResult updateTask(UpdateTaskRequest request, CallOptions options) {
        return taskRpc(Methods.TASKS_UPDATE, request, options, EmptyResult.class);
    }

    /** {@code tasks/update} of {@code taskId} with {@code inputResponses}, default options. */
    public EmptyResult updateTask(String taskId, Map<String, Json> inputResponses) {
        return updateTask(UpdateTaskRequest.of(taskId, inputResponses), CallOptions.DEFAULT);
    }

    /**
     * {@code tasks/cancel}: asks the server to cancel a task. Cooperative: the server
     * acknowledges, but the task may still end {@code completed}; {@link #getTask} tells.
     */
    public EmptyResult cancelTask(CancelTaskRequest request, CallOptions options) {
        return taskRpc(Methods.TASKS_CANCEL, request, options, EmptyResult.class);
    }

    /** {@code tasks/cancel} of {@code taskId}, default options. */
    public EmptyResult cancelTask(String taskId) {
        return cancelTask(CancelTaskRequest.of(taskId), CallOptions.DEFAULT);
    }

    private <T> T taskRpc(String method, Object request, CallOptions options, Class<T> type) {
        Objects.requireNonNull(request, "request");
        JsonObject result = runner.call(method, Codec.encode(request), options, true);
        return Results.decode(method, result, type, settings.endpoint());
    }

    // ---- subscriptions/listen -----------------------------------------------------------------

    /**
     * {@code subscriptions/listen}: opens a stream of the change notifications {@code request}
     * asks for and returns once the server has acknowledged it; from then on every change is
     * reported to {@code listener}, on the subscription's own thread, until
     * {@link Subscription#close()} or {@link #close()}. The cache ({@link Builder#cache(boolean)})
     * is invalidated by what arrives: a list_changed drops that list, {@code resources/updated}
     * that resource's read. When the stream breaks the client reconnects with backoff
     * ({@link Builder#reconnectBackoff}); the listener hears {@link ListenListener#onDisconnected}
     * and then {@link ListenListener#onReconnected}, and the whole cache is dropped, since changes
     * in between went unreported.
     *
     * <p>In the session era, which has no such request, the subscription is served by the
     * session's GET stream (shared by every subscription of this client), plus
     * {@code resources/subscribe} for the resources asked for (and {@code resources/unsubscribe}
     * when no subscription wants them any more); over stdio the server's untagged notifications
     * are the stream. What is delivered is what the server's capabilities allow
     * ({@link Subscription#honoured()}).
     *
     * <p>Asking for {@code taskIds} declares the Tasks extension on the request; each
     * {@code notifications/tasks} then also makes an {@link #awaitTask} of that task poll at once.
     *
     * @throws McpClientException when the first attempt fails (e.g. {@link ErrorResponseException}
     *                            when the server refuses; a session-era server without a GET stream
     *                            answers HTTP 405); nothing is retried then
     */
    public Subscription listen(SubscriptionsListenRequest request, ListenListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        return listens.listen(runner.connection(), request, TaskSignals.wrap(listener, watches::signal));
    }

    /**
     * {@code subscriptions/listen} of {@code notifications}, e.g.
     * {@code new SubscriptionFilter(true, true, true, List.of("file:///config.json"), null)} for
     * every list change and updates of one resource.
     */
    public Subscription listen(SubscriptionFilter notifications, ListenListener listener) {
        return listen(SubscriptionsListenRequest.of(notifications), listener);
    }

    // ---- result cache -----------------------------------------------------------------------

    /**
     * Drops every cached result, so that the next request of each kind goes to the server. Does
     * nothing when caching is off ({@link Builder#cache(boolean)}).
     */
    public void invalidateCache() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /**
     * Drops the cached results of one method, e.g. {@link Methods#TOOLS_LIST} (every page) on
     * {@code notifications/tools/list_changed}, or {@link Methods#RESOURCES_READ}. Does nothing
     * when caching is off.
     */
    public void invalidateCache(String method) {
        Objects.requireNonNull(method, "method");
        if (cache != null) {
            cache.invalidate(method);
        }
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /**
     * Closes every {@link #listen} subscription, stops calls in flight (they fail with
     * {@link McpClientException.Kind#CLOSED}), ends a session-era session with DELETE (best effort,
     * bounded to 5 s; not a {@link SessionStore}'s, which others share) and releases connections
     * and threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listens.close();
        tasks.close();
        watches.close();
        runner.close();
        try (CallControl control = new CallControl(timer, CLOSE_TIMEOUT, null, "DELETE", settings.endpoint())) {
            connector.close(control);
        } finally {
            try {
                transport.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot release the transport", e);
            }
        }
    }

    // ---- one MRTR round, for intermediaries -----------------------------------------------------

    /**
     * {@code tools/call} as one round of MRTR: sends {@code request} as given (with its
     * {@code inputResponses} and {@code requestState}, if any) and returns what the server said,
     * <em>without</em> answering an {@code input_required} through this client's handlers. For
     * intermediaries such as a gateway, which relay the server's input requests to their own
     * client and send the answers back on a later round; everyone else wants {@link #callTool}.
     * Session-era server-to-client requests during the call still go to the handlers (there is
     * no round to return them in).
     *
     * @throws McpClientException as {@link #callTool}, but never for input
     */
    public InputRound<CallToolResult> callToolRound(CallToolRequest request, CallOptions options) {
        return round(Methods.TOOLS_CALL, request, options, CallToolResult.class);
    }

    /**
     * {@code tools/call} allowing a task ({@link #callToolAsTask}), as one round of MRTR
     * ({@link #callToolRound}): the input a task tool asks for before it creates its task comes
     * back unanswered, and the retry that answers it comes back with the task (or the tool's
     * result). MCP 2026-07-28 only.
     *
     * @return {@link InputRound.Complete} of a {@link ToolCallOutcome}, or the server's input_required
     * @throws McpClientException as {@link #callToolAsTask}, but never for input
     */
    public InputRound<ToolCallOutcome> callToolRoundAsTask(CallToolRequest request, CallOptions options) {
        Objects.requireNonNull(request, "request");
        JsonObject result = runner.callOneRound(Methods.TOOLS_CALL, Codec.encode(request), options, true);
        if ("input_required".equals(result.getString("resultType"))) {
            return new InputRound.InputRequired<>(Results.decode(Methods.TOOLS_CALL, result, InputRequiredResult.class,
                    settings.endpoint()));
        }
        return new InputRound.Complete<>(outcome(result));
    }

    /** {@code prompts/get} as one round of MRTR; see {@link #callToolRound}. */
    public InputRound<GetPromptResult> getPromptRound(GetPromptRequest request, CallOptions options) {
        return round(Methods.PROMPTS_GET, request, options, GetPromptResult.class);
    }

    /** {@code resources/read} as one round of MRTR; see {@link #callToolRound}. Never cached. */
    public InputRound<ReadResourceResult> readResourceRound(ReadResourceRequest request, CallOptions options) {
        return round(Methods.RESOURCES_READ, request, options, ReadResourceResult.class);
    }

    private <T> InputRound<T> round(String method, Object request, CallOptions options, Class<T> type) {
        Objects.requireNonNull(request, "request");
        JsonObject result = runner.callOneRound(method, Codec.encode(request), options);
        if ("input_required".equals(result.getString("resultType"))) {
            return new InputRound.InputRequired<>(Results.decode(method, result, InputRequiredResult.class,
                    settings.endpoint()));
        }
        return new InputRound.Complete<>(Results.decode(method, result, type, settings.endpoint()));
    }

    private <T> T rpc(String method, Object request, CallOptions options, Class<T> type) {
        JsonObject result = runner.call(method, Codec.encode(request), options);
        return Results.decode(method, result, type, settings.endpoint());
    }

    private <R, T> List<T> all(Function<String, R> page, Function<R, List<T>> items, Function<R, String> next) {
        List<T> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        for (int i = 0; i < CallRunner.MAX_PAGES; i++) {
            R r = page.apply(cursor);
            out.addAll(items.apply(r));
            cursor = next.apply(r);
            if (cursor == null) {
                return out;
            }
            if (!seen.add(cursor)) {
                throw new McpClientException(McpClientException.Kind.INVALID_RESPONSE, "Invalid response from "
                        + settings.endpoint() + ": the list's cursor \"" + cursor + "\" came back twice");
            }
        }
        throw new McpClientException(McpClientException.Kind.INVALID_RESPONSE, "Invalid response from "
                + settings.endpoint() + ": the list did not end after " + CallRunner.MAX_PAGES + " pages");
    }

    /**
     * Configures an {@link McpClient}. Every setting has a default; handlers are optional and
     * decide the capabilities the client declares. Not thread-safe.
     */
    public static final class Builder {
        private static final Set<String> RESERVED = Set.of("accept", "content-type", "content-length",
                "mcp-protocol-version", "mcp-method", "mcp-name", "mcp-session-id", "last-event-id", "host");

        private final URI endpoint;
        private final List<String> command;
        private Path directory;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Duration shutdownGrace = Duration.ofSeconds(2);
        private Era era = Era.AUTO;
        private Implementation clientInfo = Implementation.of("switchboard-client", VERSION);
        private Duration timeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int maxInputRounds = 8;
        private long maxResponseBytes = 16L * 1024 * 1024;
        private ElicitationHandler elicitation;
        private boolean elicitForm;
        private boolean elicitUrl;
        private SamplingHandler sampling;
        private boolean samplingTools;
        private RootsHandler roots;
        private int cacheMaxEntries;
        private Clock cacheClock = Clock.systemUTC();
        private Backoff reconnect = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        private Authorizer authorizer;
        private boolean sessionStream;
        private SessionStore sessionStore;
        private ClientConnections connections;
        private Duration[] polling = {Duration.ofMillis(100), Duration.ofSeconds(30)};
        private boolean taskPush = true;

        private Builder(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || endpoint.getHost() == null) {
                throw new IllegalArgumentException("the MCP endpoint must be an http or https URL with a host, got "
                        + endpoint);
            }
            this.endpoint = endpoint;
            this.command = null;
        }

        private Builder(List<String> command) {
            Objects.requireNonNull(command, "command");
            if (command.isEmpty() || command.getFirst() == null || command.getFirst().isBlank()) {
                throw new IllegalArgumentException("the stdio command needs at least a program, got " + command);
            }
            command.forEach(a -> Objects.requireNonNull(a, "command argument"));
            this.command = List.copyOf(command);
            this.endpoint = StdioChannel.Command.endpointOf(this.command);
        }

        /** stdio only: the server process's working directory (default: this process's). */
        public Builder workingDirectory(Path directory) {
            requireStdio("workingDirectory");
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * stdio only: sets a variable in the server process's environment (which otherwise is this
         * process's); a null value removes it.
         */
        public Builder environment(String name, String value) {
            requireStdio("environment");
            environment.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * stdio only: how long {@link McpClient#close()} waits after closing the server's stdin
         * before destroying it, and again before destroying it forcibly (default 2 s).
         */
        public Builder shutdownGrace(Duration grace) {
            requireStdio("shutdownGrace");
            this.shutdownGrace = positive(grace, "shutdownGrace");
            return this;
        }

        private void requireStdio(String setting) {
            if (command == null) {
                throw new IllegalStateException(setting + " applies to stdio clients only (McpClient.builder(List<String>))");
            }
        }

        /** Which era to speak (default {@link Era#AUTO}: probe, then fall back). */
        public Builder era(Era era) {
            this.era = Objects.requireNonNull(era, "era");
            return this;
        }

        /** The client's name and version, sent as {@code clientInfo} (default {@code switchboard-client}). */
        public Builder clientInfo(Implementation clientInfo) {
            this.clientInfo = Objects.requireNonNull(clientInfo, "clientInfo");
            return this;
        }

        /**
         * How long a call may take unless its {@link CallOptions} say otherwise (default 60 s).
         * Time spent in the client's own handlers does not count.
         */
        public Builder requestTimeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /**
         * Uses a connection pool shared with other clients instead of one of its own (HTTP only);
         * {@link #connectTimeout} is then the pool's.
         */
        public Builder connections(ClientConnections pool) {
            this.connections = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /** How long establishing a connection may take (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Adds a header to every request, e.g. {@code Authorization: Bearer ...}. The protocol's own
         * headers ({@code MCP-Protocol-Version}, {@code Mcp-Method}, {@code Mcp-Name},
         * {@code Mcp-Param-*}, {@code Mcp-Session-Id}, {@code Accept}, {@code Content-Type}) are
         * set by the client and refused here.
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (command != null) {
                throw new IllegalStateException("headers apply to HTTP clients only; stdio has none");
            }
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (RESERVED.contains(lower) || lower.startsWith("mcp-param-")) {
                throw new IllegalArgumentException("header " + name + " is set by the client itself");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + name + " must not contain CR or LF");
            }
            headers.put(name, value);
            return this;
        }

        /**
         * Authorizes the client's HTTP requests: {@code authorizer} adds credentials to every
         * request and handles the server's 401 and 403 {@code insufficient_scope} refusals (the
         * request is then sent again when it has new credentials). Use
         * {@link dev.switchboard.client.auth.OAuthAuthorizer} for OAuth 2.1 as MCP specifies it, or
         * {@link #bearerToken(String)} for a fixed token.
         */
        public Builder authorizer(Authorizer authorizer) {
            Objects.requireNonNull(authorizer, "authorizer");
            if (command != null) {
                throw new IllegalStateException("authorization applies to HTTP clients only; stdio has none");
            }
            this.authorizer = authorizer;
            return this;
        }

        /** Sends {@code Authorization: Bearer <token>} on every request ({@link Authorizer#bearer(String)}). */
        public Builder bearerToken(String token) {
            return authorizer(Authorizer.bearer(token));
        }

        /**
         * Session era only: after {@code initialize}, opens the standalone GET event stream on which
         * the server sends requests (elicitation, sampling, roots) and notifications that belong to
         * no call (default off). Requests are answered by the registered handlers; the stream is
         * reopened with {@code Last-Event-ID} when it ends, after the server's {@code retry} delay.
         * A server without one (405, 404) is fine: nothing is opened.
         */
        public Builder sessionStream(boolean enabled) {
            if (command != null && enabled) {
                throw new IllegalStateException("the session GET stream applies to HTTP clients only");
            }
            this.sessionStream = enabled;
            return this;
        }

        /**
         * Session era over HTTP: keep the session in {@code store} (default: this client's own), so
         * that clients sharing the store speak on one session of the server: the client adopts the
         * stored session instead of initializing, replaces it through the store when the server
         * forgot it (404), and leaves it open when closed. For intermediaries running several
         * instances (a gateway); 2026-07-28 has no session and ignores it.
         */
        public Builder sessionStore(SessionStore store) {
            if (command != null) {
                throw new IllegalStateException("a session store applies to HTTP clients only (a stdio server is one process's)");
            }
            this.sessionStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Most MRTR rounds one call may take before it fails with {@link McpClientException.Kind#INPUT} (default 8). */
        public Builder maxInputRounds(int rounds) {
            if (rounds < 1) {
                throw new IllegalArgumentException("maxInputRounds must be at least 1, got " + rounds);
            }
            this.maxInputRounds = rounds;
            return this;
        }

        /** Largest JSON response body or SSE event accepted (default 16 MiB); larger ones fail the call. */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive, got " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /** Answers form-mode elicitation; declares {@code elicitation: {form: {}}}. */
        public Builder elicitation(ElicitationHandler handler) {
            return elicitation(handler, true, false);
        }

        /**
         * Answers elicitation in the given modes; declares {@code elicitation} with {@code form}
         * and/or {@code url}.
         */
        public Builder elicitation(ElicitationHandler handler, boolean form, boolean url) {
            if (!form && !url) {
                throw new IllegalArgumentException("enable at least one elicitation mode");
            }
            this.elicitation = Objects.requireNonNull(handler, "handler");
            this.elicitForm = form;
            this.elicitUrl = url;
            return this;
        }

        /** Answers sampling without tools; declares {@code sampling: {}}. */
        public Builder sampling(SamplingHandler handler) {
            return sampling(handler, false);
        }

        /** Answers sampling; with {@code tools}, declares {@code sampling: {tools: {}}} too. */
        public Builder sampling(SamplingHandler handler, boolean tools) {
            this.sampling = Objects.requireNonNull(handler, "handler");
            this.samplingTools = tools;
            return this;
        }

        /** Answers {@code roots/list}; declares {@code roots: {}}. */
        public Builder roots(RootsHandler handler) {
            this.roots = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Caches results (default off): a {@code server/discover}, {@code tools/list},
         * {@code prompts/list}, {@code resources/list}, {@code resources/templates/list} or
         * {@code resources/read} request equal to an earlier one (same method and params, ignoring
         * {@code _meta}) is answered from the earlier complete result while its {@code ttlMs} lasts,
         * counted from when it was received. A {@code ttlMs} of 0 or none (session-era servers)
         * means not cached; MRTR retries and {@code input_required} results never are. Both
         * {@code cacheScope}s are reused: {@code "private"} results may be reused by the same
         * authorization context, and one client has one. A {@code -32602} error to a paged request
         * drops every cached page of that list. {@link McpClient#invalidateCache()} drops
         * everything. With {@code true}, holds up to 1,000 results, least recently used first out.
         */
        public Builder cache(boolean enabled) {
            this.cacheMaxEntries = enabled ? 1_000 : 0;
            return this;
        }

        /** Turns caching on ({@link #cache(boolean)}) with room for {@code maxEntries} results. */
        public Builder cacheMaxEntries(int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("cacheMaxEntries must be at least 1, got " + maxEntries);
            }
            this.cacheMaxEntries = maxEntries;
            return this;
        }

        /**
         * How {@link McpClient#listen} subscriptions reconnect after their stream breaks: the first
         * attempt after about {@code initial}, each failure doubling the delay up to {@code max},
         * every delay drawn at random from the upper half of its nominal value, so that clients
         * cut off together do not return together (default 500 ms and 30 s).
         */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            this.reconnect = new Backoff(positive(initial, "initial"), positive(max, "max"));
            return this;
        }

        /**
         * Bounds the interval at which {@link McpClient#callToolAndWait} and
         * {@link McpClient#awaitTask} poll a task: the server's {@code pollIntervalMs} (1 s when it
         * gives none) is raised to {@code min} and lowered to {@code max} (default 100 ms and 30 s).
         */
        public Builder taskPolling(Duration min, Duration max) {
            positive(min, "min");
            positive(max, "max");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("taskPolling min " + min + " is above max " + max);
            }
            this.polling = new Duration[] {min, max};
            return this;
        }

        /**
         * Whether waiting for a task ({@link McpClient#callToolAndWait}, {@link McpClient#awaitTask},
         * {@link McpClient#watchTask}) also asks the server to push the task's changes (default on):
         * on MCP 2026-07-28, while tasks are waited for, the client holds one
         * {@code subscriptions/listen} stream with {@code notifications.taskIds} for all of them, and
         * a change wakes its wait at once; polling at the server's interval stays the fallback. A
         * wait polling more often than every 10 ms does not ask (it is as quick without). With
         * {@code false} the waits only poll, and no stream is opened.
         */
        public Builder taskPush(boolean enabled) {
            this.taskPush = enabled;
            return this;
        }

        /** For tests: the clock that times cached results. */
        Builder cacheClock(Clock clock) {
            this.cacheClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the client; nothing is sent until the first call. */
        public McpClient build() {
            ClientCapabilities caps = new ClientCapabilities(
                    roots == null ? null : JsonObject.EMPTY,
                    sampling == null ? null : samplingTools ? JsonObject.of("tools", JsonObject.EMPTY) : JsonObject.EMPTY,
                    elicitation == null ? null : modes(),
                    null, null);
            InputAnswers answers = new InputAnswers(elicitation, sampling, roots);
            ClientSettings settings = new ClientSettings(endpoint, era, clientInfo, caps, answers, timeout, headers,
                    maxInputRounds, maxResponseBytes, sessionStream, sessionStore);
            ResultCache cache = cacheMaxEntries == 0 ? null : new ResultCache(cacheMaxEntries, cacheClock);
            if (command != null) {
                return new McpClient(settings, new StdioChannel(new StdioChannel.Command(command, directory,
                        environment, shutdownGrace), maxResponseBytes, answers, timeout), cache, reconnect, polling, taskPush);
            }
            return new McpClient(settings, connectTimeout, connections, cache, authorizer, reconnect, polling, taskPush);
        }

        private JsonObject modes() {
            JsonObject.Builder b = JsonObject.builder();
            if (elicitForm) {
                b.put("form", JsonObject.EMPTY);
            }
            if (elicitUrl) {
                b.put("url", JsonObject.EMPTY);
            }
            return b.build();
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
