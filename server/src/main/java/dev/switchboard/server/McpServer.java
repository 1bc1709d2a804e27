package dev.switchboard.server;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.discovery.ServerCards;
import dev.switchboard.protocol.headers.HeaderBinding;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.internal.Catalog;
import dev.switchboard.server.internal.DefaultRequestContext;
import dev.switchboard.server.internal.Dispatcher;
import dev.switchboard.server.internal.ListenHub;
import dev.switchboard.server.internal.Mrtr;
import dev.switchboard.server.internal.Pager;
import dev.switchboard.server.internal.SessionEra;
import dev.switchboard.server.internal.TaskRuntime;
import dev.switchboard.server.tasks.TaskPolicy;
import dev.switchboard.state.embedded.InMemoryTaskStore;
import dev.switchboard.state.tasks.TaskIds;
import dev.switchboard.state.tasks.TaskStore;
import dev.switchboard.server.internal.SessionInputBridge;
import dev.switchboard.server.internal.UriTemplate;
import dev.switchboard.server.session.Initialized;
import dev.switchboard.server.session.ReplyRouter;
import dev.switchboard.server.session.StreamBusyException;
import dev.switchboard.server.session.Session;
import dev.switchboard.server.session.SessionGoneException;
import dev.switchboard.server.session.Sessions;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.KeyValue;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.embedded.InProcessEventBus;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.state.seal.Sealer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An MCP server: its tools, resources, prompts and completions, and the protocol runtime that
 * serves them (validation, MRTR, pagination, caching hints, progress, logging, listen streams, and
 * the Tasks extension for tools registered with a {@link TaskPolicy}).
 * Transports (Streamable HTTP, stdio) hand it decoded requests; it keeps no per-client state, so
 * any instance sharing the key ring and event bus can serve any request.
 *
 * <pre>{@code
 * McpServer server = McpServer.builder("com.example/demo", "1.0.0")
 *     .tool(Tool.of("echo", "Echoes its text", schema), ToolHandler.of(call ->
 *         CallToolResult.of(TextContent.of(call.arguments().getString("text")))))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe. Every request runs on the caller's thread (a virtual thread per request in the
 * shipped transports) and may block.
 */
public final class McpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(McpServer.class.getName());
    private static volatile long lastOutageLog;
    private final Implementation info;
    private final Catalog catalog;
    private final Dispatcher dispatcher;
    private final ListenHub listen;
    private final List<Interceptor> interceptors;
    private final EventBus bus;
    private final boolean ownsBus;
    private final KeyValue keyValue;
    private final JsonArray supportedVersionsJson;
    private final JsonObject infoJson;
    private final String instructions;
    private final SessionEra sessionEra;
    private final ReplyRouter replies;
    private final Duration inputTimeout;
    private final TaskRuntime tasks;

    private McpServer(Builder b) {
        this.info = b.info;
        this.catalog = b.catalog;
        this.bus = b.bus != null ? b.bus : new InProcessEventBus();
        this.ownsBus = b.bus == null;
        this.listen = new ListenHub(bus);
        Sealer sealer = new Sealer(b.keyRing != null ? b.keyRing : KeyRing.generate());
        InMemoryStore embedded = b.keyValue == null || b.counters == null ? new InMemoryStore() : null;
        KeyValue kv = b.keyValue != null ? b.keyValue : embedded;
        Counters counters = b.counters != null ? b.counters : embedded;
        this.keyValue = kv;
        this.sessionEra = new SessionEra(new Sessions(sealer, counters, b.sessionLifetime), kv, bus,
                b.sessionLifetime);
        this.replies = new ReplyRouter(bus);
        this.inputTimeout = b.inputTimeout;
        this.instructions = b.instructions;
        this.tasks = new TaskRuntime(b.taskStore != null ? b.taskStore : new InMemoryTaskStore(), bus,
                b.instanceId != null ? b.instanceId : "instance-" + TaskIds.newId().substring(0, 12), b.taskLease, catalog);
        this.dispatcher = new Dispatcher(
                new Dispatcher.Settings(info, b.instructions, b.cacheTtl.toMillis(), b.cacheScope, true, ALL_VERSIONS),
                catalog, new Mrtr(sealer, b.stateTtl), new Pager(sealer, b.pageSize), listen, tasks);
        if (catalog.hasTaskTools()) {
            tasks.start();
        }
        this.interceptors = List.copyOf(b.interceptors);
        this.supportedVersionsJson = JsonArray.ofStrings(supportedVersions());
        this.infoJson = Codec.encode(info);
    }

    /** A builder for a server named {@code name} (reverse-DNS style recommended) at {@code version}. */
    public static Builder builder(String name, String version) {
        return new Builder(new Implementation(name, version, null, null, null, null, null));
    }

    /** A builder for a server with full implementation info. */
    public static Builder builder(Implementation info) {
        return new Builder(info);
    }

    /**
     * This instance's id: the executor name on the leases of the tasks it runs (see
     * {@link Builder#instanceId}).
     */
    public String instanceId() {
        return tasks.instanceId();
    }

    /**
     * The key-value store this server uses ({@link Builder#keyValue}, or its own in-memory one), for
     * parts built on top of it that share state with the same instances (e.g. a gateway's upstream
     * sessions and listener leases).
     */
    public KeyValue keyValue() {
        return keyValue;
    }

    /**
     * The event bus this server uses ({@link Builder#eventBus}, or its own in-process one), for
     * parts built on top of it that must reach the same instances (e.g. a gateway routing a retry
     * to the instance holding its upstream call).
     */
    public EventBus eventBus() {
        return bus;
    }

    /**
     * Looks for tasks whose executor's lease ran out and takes them over now, as the background
     * sweeper does every half lease: re-runs those of idempotent tools here, fails the others
     * with "executor lost", and cancels those a client asked to cancel.
     */
    public void sweepTasks() {
        tasks.sweep();
    }

    /** The server's implementation info, sent in every result's {@code _meta}. */
    public Implementation info() {
        return info;
    }

    /** Every protocol revision served, newest first: 2026-07-28, then the session era through {@code initialize}. */
    public List<String> supportedVersions() {
        return ALL_VERSIONS;
    }

    private static final List<String> ALL_VERSIONS = java.util.stream.Stream
            .concat(ProtocolVersion.MODERN.stream(), ProtocolVersion.SESSION_ERA.stream()).toList();

    /** The {@code server/discover} result. */
    public DiscoverResult discover() {
        return dispatcher.discover(supportedVersions());
    }

    /**
     * This server's Server Card, generated from the same definitions as {@link #discover()} (its
     * info, capabilities and versions) so the two cannot disagree.
     *
     * @param remoteUrls   the public URLs of its Streamable HTTP endpoints
     * @param publishTools whether to list the tools; only for endpoints anyone may call, since the
     *                     card is public
     * @throws dev.switchboard.protocol.discovery.InvalidDocumentException when the server's name or
     *         version cannot make a valid card (e.g. a name without a {@code namespace/})
     */
    public ServerCard serverCard(List<String> remoteUrls, boolean publishTools) {
        List<Tool> tools = publishTools ? catalog.tools().stream().map(Catalog.ToolEntry::tool).toList() : null;
        return ServerCards.describe(info, discover(), tools, remoteUrls);
    }

    // ---- transport API -------------------------------------------------------------------

    /**
     * Refuses a protocol version this server does not serve.
     *
     * @throws McpException -32022 with {@code data.supported} and {@code data.requested}
     */
    public void checkVersion(String version) {
        if (ProtocolVersion.isSupportedModern(version)) {
            return;
        }
        // A session-era version in the 2026 envelope: offer only the modern ones, or the client would
        // retry the same refused request forever; session-era clients come through "initialize".
        boolean sessionEra = ProtocolVersion.SESSION_ERA.contains(version);
        List<String> offer = sessionEra ? ProtocolVersion.MODERN : supportedVersions();
        String hint = sessionEra
                ? " Revisions 2025-11-25 and older are served through \"initialize\" without the 2026 _meta envelope."
                : "";
        throw new McpException(ErrorCode.UNSUPPORTED_PROTOCOL_VERSION,
                "Unsupported protocol version: " + version + ". Supported: " + String.join(", ", offer) + "." + hint,
                JsonObject.of("supported", sessionEra ? JsonArray.ofStrings(offer) : supportedVersionsJson,
                        "requested", Json.of(version)));
    }

    /** The header bindings of tool {@code name} (empty for unknown tools). */
    public List<HeaderBinding> headerBindings(String name) {
        Catalog.ToolEntry t = catalog.tool(name);
        return t == null ? List.of() : t.bindings();
    }

    /** True for methods whose response is a stream by nature ({@code subscriptions/listen}). */
    public boolean isStreaming(String method) {
        return Methods.SUBSCRIPTIONS_LISTEN.equals(method);
    }

    /**
     * Serves one 2026-07-28 request whose envelope and headers the transport has checked.
     *
     * @param request      the request
     * @param meta         its {@code _meta}, from {@link RequestMeta#read}
     * @param principal    who is asking ({@link Principal#ANONYMOUS} without an authenticator)
     * @param sink         where progress, log and listen notifications go
     * @param cancellation fires when the client goes away
     * @return the encoded result, with {@code resultType} and server info
     * @throws McpException for protocol errors (the transport maps code to HTTP status)
     * @throws java.util.concurrent.CancellationException when cancelled: send nothing more
     */
    public JsonObject handle(Request request, RequestMeta meta, Principal principal, EventSink sink,
                             Cancellation cancellation) throws Exception {
        LoggingLevel level = null;
        if (meta.logLevel() != null) {
            level = meta.logLevel().asString() == null ? null : LoggingLevel.fromWire(meta.logLevel().asString());
            if (level == null) {
                throw McpException.invalidParams("params._meta[\"" + MetaKeys.LOG_LEVEL + "\"] must be one of "
                        + "debug, info, notice, warning, error, critical, alert, emergency; got " + meta.logLevel());
            }
        }
        String method = request.method();
        if (!dispatcher.knows(method)) {
            String hint = Methods.REMOVED_IN_MODERN.contains(method)
                    ? " (" + method + " does not exist in MCP 2026-07-28; it belongs to the session era)" : "";
            throw new McpException(ErrorCode.METHOD_NOT_FOUND, "Method not found: " + method + hint);
        }
        DefaultRequestContext ctx = new DefaultRequestContext(request.id(), method, meta.protocolVersion(),
                meta.clientCapabilities(), meta.clientInfo(), principal, meta.raw(), meta.progressToken(), level,
                sink, cancellation);
        try {
            JsonObject result = new Chain(0, request, ctx, sink, null).proceed();
            return withServerInfo(result);
        } catch (StateUnavailableException e) {
            throw unavailable(e);
        } finally {
            ctx.finish();
        }
    }

    /**
     * A request that needs the shared state while it is down fails fast with a retriable error
     * (HTTP 503) instead of a 500; stateless requests never get here.
     */
    private static McpException unavailable(StateUnavailableException e) {
        long now = System.currentTimeMillis();
        if (now - lastOutageLog > 10_000) { // one line per 10 s, not one per request
            lastOutageLog = now;
            LOG.log(System.Logger.Level.WARNING, "shared state unavailable: " + e.getMessage());
        }
        return new McpException(ErrorCode.UNAVAILABLE, "The shared state store is unavailable, and this request needs it; "
                + "retry shortly", JsonObject.of("retryAfterMs", Json.of(1000)));
    }

    private JsonObject withServerInfo(JsonObject result) {
        JsonObject.Builder b = JsonObject.builder();
        if (!result.has("resultType")) {
            b.put("resultType", "complete");
        }
        b.putAll(result);
        JsonObject meta = result.getObject("_meta");
        b.put("_meta", (meta == null ? JsonObject.builder() : meta.toBuilder())
                .put(MetaKeys.SERVER_INFO, infoJson).build());
        return b.build();
    }

    private final class Chain implements Interceptor.Chain {
        private final int index;
        private final Request request;
        private final DefaultRequestContext ctx;
        private final EventSink sink;
        private final Session session;

        Chain(int index, Request request, DefaultRequestContext ctx, EventSink sink, Session session) {
            this.index = index;
            this.request = request;
            this.ctx = ctx;
            this.sink = sink;
            this.session = session;
        }

        @Override
        public Request request() {
            return request;
        }

        @Override
        public RequestContext context() {
            return ctx;
        }

        @Override
        public JsonObject proceed(Request replaced) throws Exception {
            if (!replaced.method().equals(request.method()) || !replaced.id().equals(request.id())) {
                throw new IllegalArgumentException("an interceptor may change the params only, not the method or id");
            }
            return new Chain(index, replaced, ctx, sink, session).proceed();
        }

        @Override
        public JsonObject answer(Interceptor.Round round) throws Exception {
            return dispatcher.answer(request, ctx, round);
        }

        @Override
        public JsonObject proceed() throws Exception {
            if (index < interceptors.size()) {
                return interceptors.get(index).intercept(new Chain(index + 1, request, ctx, sink, session));
            }
            if (session != null) {
                JsonObject answered = sessionEra.sessionMethod(request.method(), request.params(), session);
                if (answered != null) {
                    return answered;
                }
            }
            return dispatcher.dispatch(request, ctx, sink);
        }
    }

    // ---- session era (2025-11-25 and older) -----------------------------------------------

    /**
     * The {@code initialize} handshake: negotiates the version and opens a session whose id is
     * sealed, so any instance with the same key ring can serve it.
     */
    public Initialized initialize(Request request, Principal principal) {
        return sessionEra.initialize(request.params(), principal.key(), info, instructions, dispatcher.sessionCapabilities());
    }

    /**
     * The session behind a {@code Mcp-Session-Id}.
     *
     * @throws SessionGoneException for forged, foreign, expired or terminated ids (HTTP 404)
     */
    public Session resumeSession(String id, Principal principal) {
        return sessionEra.sessions().resume(id, principal.key());
    }

    /** Ends a session for every instance (DELETE). */
    public void terminateSession(Session session) {
        sessionEra.sessions().terminate(session);
    }

    /**
     * Serves one request of a session-era client. Input a handler asks for is requested from the
     * client on {@code sink} (server-to-client requests) and awaited; answers may reach any instance.
     *
     * @return the encoded result, in session-era shape (no {@code resultType} or caching members)
     */
    public JsonObject handleSession(Request request, Session session, Principal principal, EventSink sink,
                                    CancellationSignal cancellation) throws Exception {
        String method = request.method();
        boolean sessionOnly = Methods.REMOVED_IN_MODERN.contains(method) && !Methods.INITIALIZE.equals(method);
        if (!sessionOnly && !dispatcher.knows(method, false)) {
            throw new McpException(ErrorCode.METHOD_NOT_FOUND, "Method not found: " + method);
        }
        JsonObject meta = request.params().getObject("_meta");
        Json progress = meta == null ? null : meta.get(MetaKeys.PROGRESS_TOKEN);
        DefaultRequestContext ctx = new DefaultRequestContext(request.id(), method, session.protocolVersion(),
                session.clientCapabilities(), session.clientInfo(), principal,
                meta == null ? JsonObject.EMPTY : meta, progress, sessionEra.logLevel(session), sink, cancellation)
                .withBridge(new SessionInputBridge(replies, session, sink, inputTimeout));
        try (AutoCloseable tracked = sessionEra.track(session, request.id(), cancellation)) {
            return Codec.toSessionEra(new Chain(0, request, ctx, sink, session).proceed());
        } catch (StateUnavailableException e) {
            throw unavailable(e);
        } finally {
            ctx.finish();
        }
    }

    /** A client's answer to a server-to-client request, POSTed to this instance. */
    public ReplyRouter.Delivery deliverReply(Session session, Response response) {
        return replies.deliver(session.nonce(), response);
    }

    /** {@code notifications/cancelled} from a session-era client: cancels the request wherever it runs. */
    public void cancelSessionRequest(Session session, RequestId requestId) {
        sessionEra.cancel(session, requestId);
    }

    /**
     * Serves the session's GET stream until the client leaves (blocks).
     *
     * @throws StreamBusyException when the session already has a GET stream
     */
    public void serveSessionStream(Session session, EventSink sink, Cancellation cancellation) {
        sessionEra.stream(session, dispatcher.sessionCapabilities(), sink, cancellation);
    }

    // ---- runtime changes -----------------------------------------------------------------

    /** Adds or replaces a tool and tells listeners the tool list changed. */
    public void addTool(Tool tool, ToolHandler handler) {
        catalog.put(Catalog.toolEntry(tool, handler));
        listen.publish("tools", null);
    }

    /** Adds or replaces a tool that may run as a task, and tells listeners the tool list changed. */
    public void addTool(Tool tool, ToolHandler handler, TaskPolicy task) {
        catalog.put(Catalog.toolEntry(tool, handler, Objects.requireNonNull(task, "task")));
        tasks.start();
        listen.publish("tools", null);
    }

    /** Removes a tool; listeners hear of it when it existed. */
    public boolean removeTool(String name) {
        boolean removed = catalog.removeTool(name);
        if (removed) {
            listen.publish("tools", null);
        }
        return removed;
    }

    /** Adds or replaces a prompt and tells listeners the prompt list changed. */
    public void addPrompt(Prompt prompt, PromptHandler handler) {
        catalog.put(new Catalog.PromptEntry(prompt, handler));
        listen.publish("prompts", null);
    }

    /** Removes a prompt; listeners hear of it when it existed. */
    public boolean removePrompt(String name) {
        boolean removed = catalog.removePrompt(name);
        if (removed) {
            listen.publish("prompts", null);
        }
        return removed;
    }

    /** Adds or replaces a resource and tells listeners the resource list changed. */
    public void addResource(Resource resource, ResourceHandler handler) {
        catalog.put(new Catalog.ResourceEntry(resource, handler));
        listen.publish("resources", null);
    }

    /** Tells listeners subscribed to {@code uri} that its content changed. */
    public void resourceUpdated(String uri) {
        listen.publish("resource", uri);
    }

    /**
     * Replaces every tool, resource, template, prompt and completion with those of {@code update}
     * in one step: a concurrent request sees either the old definitions or the new ones. Listeners
     * hear one list_changed for each list whose definitions differ (none when nothing did) or that
     * the update announces ({@link CatalogUpdate.Builder#announceListChanged}), on every instance
     * sharing the event bus.
     */
    public void replaceCatalog(CatalogUpdate update) {
        Catalog.Changes changes = update.applyTo(catalog);
        if (catalog.hasTaskTools()) {
            tasks.start(); // as addTool with a policy: a task tool may arrive after build
        }
        if (changes.tools()) {
            listen.publish("tools", null);
        }
        if (changes.resources()) {
            listen.publish("resources", null);
        }
        if (changes.prompts()) {
            listen.publish("prompts", null);
        }
    }

    /** Ends listen streams gracefully (with their completion result) and releases the bus if owned. */
    @Override
    public void close() {
        tasks.close();
        listen.stop();
        replies.close();
        sessionEra.close();
        if (ownsBus) {
            bus.close();
        }
    }

    /** Configures a {@link McpServer}. Not thread-safe; build once. */
    public static final class Builder {
        private final Implementation info;
        private final Catalog catalog = new Catalog();
        private final List<Interceptor> interceptors = new ArrayList<>();
        private String instructions;
        private KeyRing keyRing;
        private EventBus bus;
        private int pageSize = 100;
        private Duration cacheTtl = Duration.ofMinutes(1);
        private CacheScope cacheScope = CacheScope.PUBLIC;
        private Duration stateTtl = Duration.ofMinutes(10);
        private KeyValue keyValue;
        private Counters counters;
        private Duration sessionLifetime = Duration.ofHours(24);
        private Duration inputTimeout = Duration.ofMinutes(5);
        private TaskStore taskStore;
        private String instanceId;
        private Duration taskLease = Duration.ofSeconds(30);

        private Builder(Implementation info) {
            this.info = Objects.requireNonNull(info, "info");
        }

        /** Instructions for the model, returned by {@code server/discover}. */
        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        /**
         * Registers a tool.
         *
         * @throws IllegalArgumentException for an invalid name, schema or {@code x-mcp-header}
         */
        public Builder tool(Tool tool, ToolHandler handler) {
            catalog.put(Catalog.toolEntry(tool, Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /**
         * Registers a tool that may run as a task of the Tasks extension ({@code io.modelcontextprotocol/tasks}),
         * as {@code task} says; the server then advertises the extension in {@code server/discover}
         * and serves {@code tasks/get}, {@code tasks/update} and {@code tasks/cancel}.
         *
         * @throws IllegalArgumentException for an invalid name, schema or {@code x-mcp-header}
         */
        public Builder tool(Tool tool, ToolHandler handler, TaskPolicy task) {
            catalog.put(Catalog.toolEntry(tool, Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(task, "task")));
            return this;
        }

        /** Registers a resource at its exact URI. */
        public Builder resource(Resource resource, ResourceHandler handler) {
            catalog.put(new Catalog.ResourceEntry(resource, Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /** Registers a resource template; reads of matching URIs go to {@code handler}. */
        public Builder resourceTemplate(ResourceTemplate template, ResourceHandler handler) {
            catalog.put(new Catalog.TemplateEntry(template, new UriTemplate(template.uriTemplate()),
                    Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /** Registers a prompt. */
        public Builder prompt(Prompt prompt, PromptHandler handler) {
            catalog.put(new Catalog.PromptEntry(prompt, Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /** Completes {@code argument} of prompt {@code prompt}. */
        public Builder promptCompletion(String prompt, String argument, CompletionHandler handler) {
            catalog.putCompletion(Catalog.promptKey(prompt, argument), handler);
            return this;
        }

        /** Completes {@code argument} of the resource template {@code uriTemplate}. */
        public Builder resourceCompletion(String uriTemplate, String argument, CompletionHandler handler) {
            catalog.putCompletion(Catalog.templateKey(uriTemplate, argument), handler);
            return this;
        }

        /** Adds an interceptor; the first added runs outermost. */
        public Builder interceptor(Interceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** The key ring that seals request state and cursors; share it across instances. Default: a random one. */
        public Builder keyRing(KeyRing keyRing) {
            this.keyRing = keyRing;
            return this;
        }

        /** The event bus carrying changes to listen streams; share it across instances. Default: in-process. */
        public Builder eventBus(EventBus bus) {
            this.bus = bus;
            return this;
        }

        /** Items per page of the list methods (default 100). */
        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        /** Caching hints on cacheable results (default one minute, public). */
        public Builder cacheHints(Duration ttl, CacheScope scope) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("cache ttl must not be negative");
            }
            this.cacheTtl = ttl;
            this.cacheScope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /** How long a {@code requestState} stays valid (default ten minutes). */
        public Builder requestStateTtl(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("requestState ttl must be positive");
            }
            this.stateTtl = ttl;
            return this;
        }

        /** Shared key-value state (session settings); share it across instances. Default: in-process. */
        public Builder keyValue(KeyValue keyValue) {
            this.keyValue = keyValue;
            return this;
        }

        /** Shared counters (revoked sessions); share them across instances. Default: in-process. */
        public Builder counters(Counters counters) {
            this.counters = counters;
            return this;
        }

        /** How long a session-era session lives after {@code initialize} (default 24 hours). */
        public Builder sessionLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("session lifetime must be positive");
            }
            this.sessionLifetime = lifetime;
            return this;
        }

        /** How long a session-era request waits for the client to answer an input request (default 5 minutes). */
        public Builder inputTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("input timeout must be positive");
            }
            this.inputTimeout = timeout;
            return this;
        }

        /**
         * Where tasks are kept; share it across instances (e.g. {@code RedisState.tasks()}) so any
         * instance answers for any task and takes over tasks whose executor died. Default: in-process.
         */
        public Builder taskStore(TaskStore store) {
            this.taskStore = store;
            return this;
        }

        /**
         * This instance's name as the executor of tasks (on their leases and in the
         * {@code dev.switchboard/executor} {@code _meta} of {@code tasks/get}); unique per process
         * in a deployment. Default: a random one.
         */
        public Builder instanceId(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("instance id must not be blank");
            }
            this.instanceId = id;
            return this;
        }

        /**
         * How long a task's executor lease lasts without renewal (default 30 seconds): the executor
         * renews it every third of that, and other instances look for expired leases every half,
         * so a task whose executor died is taken over within about one and a half leases.
         */
        public Builder taskLease(Duration lease) {
            if (lease.isNegative() || lease.compareTo(Duration.ofMillis(30)) < 0) {
                throw new IllegalArgumentException("task lease must be at least 30ms: " + lease);
            }
            this.taskLease = lease;
            return this;
        }

        /** Builds the server. */
        public McpServer build() {
            return new McpServer(this);
        }
    }
}
