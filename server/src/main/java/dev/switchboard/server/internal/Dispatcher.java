package dev.switchboard.server.internal;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.Fields;
import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.completion.PromptReference;
import dev.switchboard.protocol.completion.ResourceTemplateReference;
import dev.switchboard.protocol.content.ResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.ListPromptsResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.resources.ListResourceTemplatesResult;
import dev.switchboard.protocol.resources.ListResourcesResult;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.schema.JsonSchema;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenRequest;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.InputResponses;
import dev.switchboard.server.Interceptor;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.PromptGet;
import dev.switchboard.server.ResourceNotFoundException;
import dev.switchboard.server.ResourceRead;
import dev.switchboard.server.ToolCall;
import dev.switchboard.server.tasks.TaskPolicy;
import dev.switchboard.server.tasks.TaskSupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Runs one decoded, validated request against the catalog and returns its encoded result. The
 * transport and {@link dev.switchboard.server.McpServer} have done the envelope checks; here are
 * the method semantics.
 */
public final class Dispatcher {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    /** Session era: input rounds one request may take before it is considered stuck. */
    static final int MAX_ROUNDS = 16;

    /** Settings fixed at build time. */
    public record Settings(Implementation info, String instructions, long ttlMs, CacheScope cacheScope,
                           boolean logging, List<String> versions) {
    }

    private final Settings settings;
    private final Catalog catalog;
    private final Mrtr mrtr;
    private final Pager pager;
    private final ListenHub listen;
    private final TaskRuntime tasks;

    /** A dispatcher over its collaborators; {@code tasks} serves the Tasks extension. */
    public Dispatcher(Settings settings, Catalog catalog, Mrtr mrtr, Pager pager, ListenHub listen, TaskRuntime tasks) {
        this.settings = settings;
        this.catalog = catalog;
        this.mrtr = mrtr;
        this.pager = pager;
        this.listen = listen;
        this.tasks = tasks;
    }

    /** True when {@code method} is served now (methods of undeclared capabilities are not). */
    public boolean knows(String method) {
        return knows(method, true);
    }

    /**
     * True when {@code method} is served now in the given era. {@code server/discover} and
     * {@code subscriptions/listen} exist only on 2026-07-28; the session-only methods
     * ({@code ping}, {@code logging/setLevel}, subscribe) are answered before dispatch.
     */
    public boolean knows(String method, boolean modern) {
        return switch (method) {
            case Methods.SERVER_DISCOVER, Methods.SUBSCRIPTIONS_LISTEN -> modern;
            case Methods.TOOLS_LIST, Methods.TOOLS_CALL -> catalog.hasTools();
            case Methods.RESOURCES_LIST, Methods.RESOURCES_READ, Methods.RESOURCES_TEMPLATES_LIST -> catalog.hasResources();
            case Methods.PROMPTS_LIST, Methods.PROMPTS_GET -> catalog.hasPrompts();
            case Methods.COMPLETION_COMPLETE -> catalog.hasCompletions();
            case Methods.TASKS_GET, Methods.TASKS_UPDATE, Methods.TASKS_CANCEL -> modern && catalog.hasTaskTools();
            default -> false;
        };
    }

    /** The capabilities implied by what is registered. */
    public ServerCapabilities capabilities() {
        return new ServerCapabilities(
                catalog.hasTools() ? new ServerCapabilities.ToolsCapability(true) : null,
                catalog.hasPrompts() ? new ServerCapabilities.PromptsCapability(true) : null,
                catalog.hasResources() ? new ServerCapabilities.ResourcesCapability(true, true) : null,
                settings.logging() ? JsonObject.EMPTY : null,
                catalog.hasCompletions() ? JsonObject.EMPTY : null,
                catalog.hasTaskTools() ? JsonObject.of(TasksExtension.ID, JsonObject.EMPTY) : null,
                null);
    }

    /**
     * The capabilities offered to session-era clients: without the Tasks extension, whose
     * 2026 wire they do not speak (the 2025-11-25 tasks are a different protocol).
     */
    public ServerCapabilities sessionCapabilities() {
        ServerCapabilities c = capabilities();
        return new ServerCapabilities(c.tools(), c.prompts(), c.resources(), c.logging(), c.completions(), null,
                c.experimental());
    }

    /** The {@code server/discover} result. */
    public DiscoverResult discover(List<String> versions) {
        return new DiscoverResult(versions, capabilities(), settings.instructions(), settings.ttlMs(),
                settings.cacheScope(), null);
    }

    /**
     * Handles {@code request}.
     *
     * @return the result object (with {@code resultType}, without server info)
     */
    public JsonObject dispatch(Request request, DefaultRequestContext ctx, EventSink sink) throws Exception {
        JsonObject p = request.params();
        return switch (request.method()) {
            case Methods.SERVER_DISCOVER -> Codec.encode(discover(settings.versions()));
            case Methods.TOOLS_LIST -> listTools(p, ctx.principal().key());
            case Methods.TOOLS_CALL -> callTool(p, ctx);
            case Methods.RESOURCES_LIST -> listResources(p, ctx.principal().key());
            case Methods.RESOURCES_TEMPLATES_LIST -> listTemplates(p, ctx.principal().key());
            case Methods.RESOURCES_READ -> readResource(p, ctx);
            case Methods.PROMPTS_LIST -> listPrompts(p, ctx.principal().key());
            case Methods.PROMPTS_GET -> getPrompt(p, ctx);
            case Methods.COMPLETION_COMPLETE -> complete(p, ctx);
            case Methods.SUBSCRIPTIONS_LISTEN -> listen(request, ctx, sink);
            case Methods.TASKS_GET -> tasks.get(p, requireTasks(ctx));
            case Methods.TASKS_UPDATE -> tasks.update(p, requireTasks(ctx));
            case Methods.TASKS_CANCEL -> tasks.cancel(p, requireTasks(ctx));
            default -> throw new McpException(ErrorCode.METHOD_NOT_FOUND, "Method not found: " + request.method());
        };
    }

    private JsonObject listTools(JsonObject p, String principal) {
        List<Tool> all = catalog.tools().stream().map(Catalog.ToolEntry::tool).toList();
        Pager.Page<Tool> page = pager.page(Methods.TOOLS_LIST, all, p, principal);
        return Codec.encode(new ListToolsResult(page.items(), page.nextCursor(), settings.ttlMs(), settings.cacheScope(), null));
    }

    private JsonObject listResources(JsonObject p, String principal) {
        List<Resource> all = catalog.resources().stream().map(Catalog.ResourceEntry::resource).toList();
        Pager.Page<Resource> page = pager.page(Methods.RESOURCES_LIST, all, p, principal);
        return Codec.encode(new ListResourcesResult(page.items(), page.nextCursor(), settings.ttlMs(), settings.cacheScope(), null));
    }

    private JsonObject listTemplates(JsonObject p, String principal) {
        List<ResourceTemplate> all = catalog.templates().stream().map(Catalog.TemplateEntry::template).toList();
        Pager.Page<ResourceTemplate> page = pager.page(Methods.RESOURCES_TEMPLATES_LIST, all, p, principal);
        return Codec.encode(new ListResourceTemplatesResult(page.items(), page.nextCursor(), settings.ttlMs(),
                settings.cacheScope(), null));
    }

    private JsonObject listPrompts(JsonObject p, String principal) {
        List<Prompt> all = catalog.prompts().stream().map(Catalog.PromptEntry::prompt).toList();
        Pager.Page<Prompt> page = pager.page(Methods.PROMPTS_LIST, all, p, principal);
        return Codec.encode(new ListPromptsResult(page.items(), page.nextCursor(), settings.ttlMs(), settings.cacheScope(), null));
    }

    private JsonObject callTool(JsonObject p, DefaultRequestContext ctx) throws Exception {
        Fields f = Fields.of(p, "params");
        String name = f.string("name");
        Catalog.ToolEntry entry = catalog.tool(name);
        if (entry == null) {
            throw McpException.invalidParams("Unknown tool: " + name + ". Call tools/list to see the tools served here.");
        }
        JsonObject args = f.optObject("arguments");
        if (args == null) {
            args = JsonObject.EMPTY;
        }
        List<JsonSchema.Violation> violations = entry.input().validate(args);
        if (!violations.isEmpty()) {
            return Codec.encode(CallToolResult.error("Invalid arguments for tool " + name + ": "
                    + String.join("; ", violations.stream().map(JsonSchema.Violation::toString).toList())));
        }
        JsonObject arguments = args;
        TaskPolicy policy = entry.task();
        if (policy != null) {
            if (ctx.bridge() == null && ProtocolVersion.isModern(ctx.protocolVersion())
                    && ctx.clientCapabilities().hasExtension(TasksExtension.ID)) {
                if (policy.preparation() == null) {
                    return tasks.create(entry, p, ctx, null);
                }
                return run(Methods.TOOLS_CALL, p, ctx, round -> prepare(entry, policy, ctx, arguments, round.responses(),
                        round.state()), state -> tasks.create(entry, p, ctx, state));
            }
            if (policy.support() == TaskSupport.REQUIRED) {
                if (!ProtocolVersion.isModern(ctx.protocolVersion())) { // a session cannot declare the extension
                    throw new McpException(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY, "Tool " + name + " runs only as "
                            + "a task (the Tasks extension of MCP " + ProtocolVersion.V2026_07_28 + "), which protocol "
                            + "version " + ctx.protocolVersion() + " cannot use: call it with " + ProtocolVersion.V2026_07_28
                            + " and the extension declared", JsonObject.of("requiredCapabilities", JsonObject.of("extensions",
                            JsonObject.of(TasksExtension.ID, JsonObject.EMPTY))));
                }
                throw TaskRuntime.missingExtension("Tool " + name + " runs only as a task, so calling it");
            }
            if (policy.preparation() != null) {
                return run(Methods.TOOLS_CALL, p, ctx, round -> preparedInline(entry, policy, ctx, arguments, round),
                        result -> Codec.encode(checkOutput(entry, result)));
            }
        }
        return run(Methods.TOOLS_CALL, p, ctx, round -> {
            try {
                return entry.handler().call(new ToolCall(ctx, name, arguments, round.responses(), round.state()));
            } catch (McpException | CancellationException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("tool call interrupted");
            } catch (Exception e) {
                if (ctx.cancellation().isCancelled()) {
                    throw new CancellationException("tool call cancelled");
                }
                LOG.log(System.Logger.Level.DEBUG, "tool " + name + " failed", e);
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                return Outcome.complete(CallToolResult.error("Tool " + name + " failed: " + message));
            }
        }, result -> Codec.encode(checkOutput(entry, result)));
    }

    /** 2026-07-28 {@code tasks/*} need the extension in this request: -32021 before anything else. */
    private static DefaultRequestContext requireTasks(DefaultRequestContext ctx) {
        if (!ctx.clientCapabilities().hasExtension(TasksExtension.ID)) {
            throw TaskRuntime.missingExtension(ctx.method());
        }
        return ctx;
    }

    /** One round of a task tool's preparation; its failures are protocol errors (there is no task to fail yet). */
    private static Outcome<JsonObject> prepare(Catalog.ToolEntry entry, TaskPolicy policy, DefaultRequestContext ctx,
                                               JsonObject arguments, InputResponses responses, JsonObject state)
            throws Exception {
        try {
            return policy.preparation().prepare(new ToolCall(ctx, entry.tool().name(), arguments, responses, state));
        } catch (McpException | CancellationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("tool call interrupted");
        } catch (Exception e) {
            throw internal("preparing the task of tool " + entry.tool().name(), e);
        }
    }

    /**
     * An optional task tool with a preparation, answered synchronously: the preparation's MRTR
     * rounds, then the handler's, in one sealed state tagged with the phase ({@code p} or {@code h}).
     */
    private static Outcome<CallToolResult> preparedInline(Catalog.ToolEntry entry, TaskPolicy policy,
                                                          DefaultRequestContext ctx, JsonObject arguments,
                                                          Mrtr.Round round) throws Exception {
        JsonObject st = round.state();
        InputResponses responses = round.responses();
        JsonObject handlerState;
        if (st != null && st.has("h")) {
            handlerState = st.getObject("h");
        } else {
            Outcome<JsonObject> prepared = prepare(entry, policy, ctx, arguments, responses, st == null ? null : st.getObject("p"));
            if (prepared instanceof Outcome.InputRequired<JsonObject> ir) {
                return Outcome.inputRequired(ir.requests(), JsonObject.builder().put("p", ir.state() == null
                        ? JsonObject.EMPTY : ir.state()).build());
            }
            handlerState = ((Outcome.Complete<JsonObject>) prepared).result();
            responses = InputResponses.NONE;
        }
        Outcome<CallToolResult> out;
        try {
            out = entry.handler().call(new ToolCall(ctx, entry.tool().name(), arguments, responses, handlerState));
        } catch (McpException | CancellationException e) {
            throw e;
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Outcome.complete(CallToolResult.error("Tool " + entry.tool().name() + " failed: " + message));
        }
        if (out instanceof Outcome.InputRequired<CallToolResult> ir) {
            return Outcome.inputRequired(ir.requests(), JsonObject.builder().put("h", ir.state() == null
                    ? JsonObject.EMPTY : ir.state()).build());
        }
        return out;
    }

    /**
     * A request an interceptor answers itself, in rounds run as a handler's are
     * ({@link Interceptor.Chain#answer}).
     */
    public JsonObject answer(Request request, DefaultRequestContext ctx, Interceptor.Round round) throws Exception {
        JsonObject params = request.params() == null ? JsonObject.EMPTY : request.params();
        return run(request.method(), params, ctx, r -> round.run(r.responses(), r.state()), result -> result);
    }

    /** One invocation of a handler for one round of input. */
    @FunctionalInterface
    private interface Invoker<R> {
        Outcome<R> invoke(Mrtr.Round round) throws Exception;
    }

    /**
     * Runs a handler that may ask for input. On 2026-07-28 "input required" goes back to the
     * client sealed (the client retries); in the session era the bridge asks the client on the
     * open stream and the handler runs again with the answers, up to {@link #MAX_ROUNDS} times.
     */
    private <R> JsonObject run(String method, JsonObject params, DefaultRequestContext ctx, Invoker<R> invoker,
                               java.util.function.Function<R, JsonObject> complete) throws Exception {
        InputBridge bridge = ctx.bridge();
        Mrtr.Round round = bridge == null ? mrtr.open(method, params, ctx.principal().key()) : Mrtr.Round.FIRST;
        for (int rounds = 0; ; rounds++) {
            Outcome<R> outcome = invoker.invoke(round);
            if (bridge == null || !(outcome instanceof Outcome.InputRequired<R> ir)) {
                return encode(outcome, method, params, ctx, complete);
            }
            if (rounds >= MAX_ROUNDS) {
                throw new McpException(ErrorCode.INTERNAL_ERROR, method + " asked for input " + MAX_ROUNDS
                        + " times without finishing; giving up");
            }
            Mrtr.requireCapabilities(ir.requests(), ctx.clientCapabilities());
            round = new Mrtr.Round(ir.state(), ir.requests().isEmpty() ? InputResponses.NONE : bridge.ask(ir.requests()));
        }
    }

    /** A complete outcome through {@code complete}; "input required" as a sealed InputRequiredResult. */
    private <R> JsonObject encode(Outcome<R> outcome, String method, JsonObject params, DefaultRequestContext ctx,
                                  java.util.function.Function<R, JsonObject> complete) {
        return switch (outcome) {
            case Outcome.Complete<R> c -> complete.apply(c.result());
            case Outcome.InputRequired<R> ir ->
                    Codec.encode(mrtr.toResult(ir, method, params, ctx.principal().key(), ctx.clientCapabilities()));
        };
    }

    static CallToolResult checkOutput(Catalog.ToolEntry entry, CallToolResult result) {
        if (entry.output() == null || Boolean.TRUE.equals(result.isError())) {
            return result;
        }
        Json structured = result.structuredContent();
        if (structured == null) {
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Tool " + entry.tool().name()
                    + " declares an outputSchema but returned no structuredContent");
        }
        List<JsonSchema.Violation> v = entry.output().validate(structured);
        if (!v.isEmpty()) {
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Tool " + entry.tool().name()
                    + " returned structuredContent that does not match its outputSchema: " + v.getFirst());
        }
        return result;
    }

    private JsonObject readResource(JsonObject p, DefaultRequestContext ctx) throws Exception {
        String uri = Fields.of(p, "params").string("uri");
        Catalog.ResourceEntry exact = catalog.resource(uri);
        Map<String, String> vars = Map.of();
        dev.switchboard.server.ResourceHandler handler = exact == null ? null : exact.handler();
        if (handler == null) {
            for (Catalog.TemplateEntry t : catalog.templates()) {
                Map<String, String> m = t.matcher().match(uri);
                if (m != null) {
                    vars = m;
                    handler = t.handler();
                    break;
                }
            }
        }
        if (handler == null) {
            throw notFound(uri, ctx);
        }
        dev.switchboard.server.ResourceHandler h = handler;
        Map<String, String> variables = vars;
        return run(Methods.RESOURCES_READ, p, ctx, round -> {
            try {
                return h.read(new ResourceRead(ctx, uri, variables, round.responses(), round.state()));
            } catch (ResourceNotFoundException e) {
                throw notFound(e.uri(), ctx);
            } catch (McpException | CancellationException e) {
                throw e;
            } catch (Exception e) {
                throw internal("reading resource " + uri, e);
            }
        }, contents -> {
            if (contents.isEmpty()) {
                throw notFound(uri, ctx);
            }
            return Codec.encode(new ReadResourceResult(contents, settings.ttlMs(), settings.cacheScope(), null));
        });
    }

    /** Resource not found: -32602 on 2026-07-28, -32002 in the session era. */
    private static McpException notFound(String uri, DefaultRequestContext ctx) {
        int code = ProtocolVersion.isModern(ctx.protocolVersion()) ? ErrorCode.INVALID_PARAMS : ErrorCode.RESOURCE_NOT_FOUND;
        return new McpException(code, "Resource not found: " + uri, JsonObject.of("uri", Json.of(uri)));
    }

    private static McpException internal(String what, Exception e) {
        LOG.log(System.Logger.Level.WARNING, "failed " + what, e);
        return new McpException(ErrorCode.INTERNAL_ERROR, "Internal error " + what + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    private JsonObject getPrompt(JsonObject p, DefaultRequestContext ctx) throws Exception {
        Fields f = Fields.of(p, "params");
        String name = f.string("name");
        Catalog.PromptEntry entry = catalog.prompt(name);
        if (entry == null) {
            throw McpException.invalidParams("Unknown prompt: " + name + ". Call prompts/list to see the prompts served here.");
        }
        Map<String, String> args = new LinkedHashMap<>();
        JsonObject rawArgs = f.optObject("arguments");
        if (rawArgs != null) {
            rawArgs.members().forEach((k, v) -> {
                if (v.asString() == null) {
                    throw McpException.invalidParams("params.arguments." + k + " must be a string");
                }
                args.put(k, v.asString());
            });
        }
        List<PromptArgument> declared = entry.prompt().arguments();
        if (declared != null) {
            for (PromptArgument a : declared) {
                if (Boolean.TRUE.equals(a.required()) && !args.containsKey(a.name())) {
                    throw McpException.invalidParams("Prompt " + name + " needs argument \"" + a.name() + "\"");
                }
            }
        }
        Map<String, String> arguments = Map.copyOf(args);
        return run(Methods.PROMPTS_GET, p, ctx, round -> {
            try {
                return entry.handler().get(new PromptGet(ctx, name, arguments, round.responses(), round.state()));
            } catch (McpException | CancellationException e) {
                throw e;
            } catch (Exception e) {
                throw internal("rendering prompt " + name, e);
            }
        }, Codec::encode);
    }

    private JsonObject complete(JsonObject p, DefaultRequestContext ctx) throws Exception {
        CompleteRequest req = Codec.decode(p, CompleteRequest.class);
        String key;
        switch (req.ref()) {
            case PromptReference pr -> {
                if (catalog.prompt(pr.name()) == null) {
                    throw McpException.invalidParams("Unknown prompt: " + pr.name());
                }
                key = Catalog.promptKey(pr.name(), req.argument().name());
            }
            case ResourceTemplateReference rr -> {
                if (catalog.template(rr.uri()) == null && catalog.resource(rr.uri()) == null) {
                    throw McpException.invalidParams("Unknown resource template: " + rr.uri());
                }
                key = Catalog.templateKey(rr.uri(), req.argument().name());
            }
            default -> throw McpException.invalidParams("params.ref.type must be \"ref/prompt\" or \"ref/resource\"");
        }
        dev.switchboard.server.CompletionHandler h = catalog.completion(key);
        CompleteResult.Completion completion;
        if (h == null) {
            completion = new CompleteResult.Completion(List.of(), 0, false);
        } else {
            Map<String, String> context = req.context() == null || req.context().arguments() == null
                    ? Map.of() : req.context().arguments();
            completion = h.complete(ctx, req.argument().name(), req.argument().value(), context);
            if (completion.values().size() > 100) {
                int total = completion.total() == null ? completion.values().size() : completion.total();
                completion = new CompleteResult.Completion(completion.values().subList(0, 100), total, true);
            }
        }
        return Codec.encode(new CompleteResult(completion, null));
    }

    private JsonObject listen(Request request, DefaultRequestContext ctx, EventSink sink) {
        SubscriptionsListenRequest req = Codec.decode(request.params(), SubscriptionsListenRequest.class);
        if (!req.notifications().taskIdsOrEmpty().isEmpty() && !ctx.clientCapabilities().hasExtension(TasksExtension.ID)) {
            throw TaskRuntime.missingExtension("Listening for task notifications (notifications.taskIds)");
        }
        SubscriptionFilter filter = ListenHub.honoured(req.notifications(), capabilities());
        return listen.serve(request.id(), filter, sink, ctx.cancellation(), ctx.principal().key());
    }

}
