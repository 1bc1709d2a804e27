package dev.switchboard.gateway.internal;

import dev.switchboard.client.ToolCallOutcome;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.Fields;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.schema.JsonSchema;
import dev.switchboard.protocol.tasks.CancelTaskRequest;
import dev.switchboard.protocol.tasks.CreateTaskResult;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.GetTaskRequest;
import dev.switchboard.protocol.tasks.GetTaskResult;
import dev.switchboard.protocol.tasks.Task;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tasks.UpdateTaskRequest;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.Interceptor;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.RequestContext;
import dev.switchboard.server.tasks.TaskPolicy;
import dev.switchboard.state.seal.Sealer;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tasks through the gateway (the Tasks extension, {@code io.modelcontextprotocol/tasks}). A tool
 * whose upstream runs it as a task is registered with a {@link TaskPolicy} of the same
 * {@code taskSupport} ({@link #policy}), so the server advertises the extension, lists the tool's
 * {@code execution} and refuses a {@code required} one to callers without the extension. This
 * step, innermost, then takes the requests that involve an upstream's task away from the server's
 * own task runtime:
 *
 * <ul>
 *   <li>{@code tools/call} of such a tool by a 2026-07-28 caller that declared the extension:
 *       the arguments are checked against the served {@code inputSchema}, the call goes up
 *       allowing a task, and an upstream {@code CreateTaskResult} comes back with its task id
 *       replaced by a sealed {@link TaskHandle} (a synchronous answer is returned as it is).
 *       Input the upstream asks for before it creates the task is relayed to the caller as for
 *       any forwarded call, one MRTR round per request, through the server's sealed state;
 *   <li>{@code tasks/get}, {@code tasks/update}, {@code tasks/cancel}: the handle is opened
 *       (any instance with the key ring can) and the request forwarded to its upstream with the
 *       upstream's id; its answer comes back with the handle as {@code taskId}. Input requests
 *       keep their keys (one upstream per task, so no collisions), and answers go up unchanged.
 * </ul>
 *
 * A tool that declares {@code taskSupport} on an upstream that cannot run tasks (the session era,
 * or no extension) is run as a task <em>by the gateway</em> ({@link #hosted}): the server's own
 * task runtime stores it durably and runs the forwarding handler, whose input requests become
 * the task's {@code input_required}. Its {@code tasks/*} requests carry the server's own ids,
 * which are not handles, and pass through to that runtime. Such a task is not re-run when its
 * gateway instance dies (the upstream call it forwarded died with it): it fails as "executor lost".
 *
 * <p>A forged, tampered, foreign or expired handle, and a task the upstream no longer knows, all
 * get the same {@code -32602} "unknown task" as the server's own. Thread-safe.
 */
public final class TaskForwarding implements Interceptor {
    private final Supplier<Map<String, Route>> routes;
    private final Map<String, Upstream> upstreams;
    private final Sealer sealer;

    /**
     * A tool served as a task: its upstream, its name there, and the served (possibly pinned)
     * {@code inputSchema}, compiled.
     */
    public record Route(String upstream, String original, JsonSchema input) {
    }

    /**
     * @param routes    the task tools served now, by served name
     * @param upstreams every upstream, by name
     * @param sealer    over the deployment's key ring, shared by every instance
     */
    public TaskForwarding(Supplier<Map<String, Route>> routes, Map<String, Upstream> upstreams, Sealer sealer) {
        this.routes = routes;
        this.upstreams = upstreams;
        this.sealer = sealer;
    }

    /**
     * The policy to register {@code tool} of {@code up} with, or null when it is not a task tool:
     * only a 2026-07-28 upstream that advertises the extension runs tasks (session-era upstreams'
     * calls are synchronous, whatever their {@code execution} says).
     */
    public static TaskPolicy policy(Upstream up, Tool tool) {
        if (up.sessionEra() || up.status().era() == null
                || !up.catalog().capabilities().hasExtension(TasksExtension.ID) || tool.execution() == null) {
            return null;
        }
        return declared(tool);
    }

    /**
     * The policy for the gateway to run {@code tool} of {@code up} as its own task, or null: when
     * the tool declares {@code taskSupport} but {@link #policy} finds that the upstream cannot run it
     * as a task.
     */
    public static TaskPolicy hosted(Upstream up, Tool tool) {
        return policy(up, tool) != null ? null : declared(tool);
    }

    private static TaskPolicy declared(Tool tool) {
        if (tool.execution() == null) {
            return null;
        }
        return switch (String.valueOf(tool.execution().getString("taskSupport"))) {
            case "optional" -> TaskPolicy.optional();
            case "required" -> TaskPolicy.required();
            default -> null;
        };
    }

    @Override
    public JsonObject intercept(Chain chain) throws Exception {
        RequestContext ctx = chain.context();
        JsonObject params = chain.request().params();
        return switch (chain.request().method()) {
            case Methods.TOOLS_CALL -> {
                Route route = routes.get().get(Fields.of(params, "params").string("name"));
                // the same test as the server's for running a call as a task: modern and declared
                yield route != null && ProtocolVersion.isModern(ctx.protocolVersion())
                        && ctx.clientCapabilities().hasExtension(TasksExtension.ID)
                        ? call(route, params, chain) : chain.proceed();
            }
            // the server has already refused these to callers without the extension (-32021);
            // an id that is no handle may be one of the gateway's own tasks: the server's runtime answers
            case Methods.TASKS_GET, Methods.TASKS_UPDATE, Methods.TASKS_CANCEL -> {
                Opened o = open(taskId(params), ctx);
                if (o == null) {
                    yield chain.proceed();
                }
                yield switch (chain.request().method()) {
                    case Methods.TASKS_GET -> get(o, params, ctx);
                    case Methods.TASKS_UPDATE -> update(o, params, ctx);
                    default -> cancel(o, params, ctx);
                };
            }
            case Methods.SUBSCRIPTIONS_LISTEN -> chain.proceed(withoutForwardedTasks(chain.request(), ctx));
            default -> chain.proceed();
        };
    }

    /**
     * {@code listen} without the forwarded tasks in its {@code notifications.taskIds}: their changes
     * happen upstream and are never pushed here, so the acknowledgement must not claim them (a client
     * then polls them instead of holding an idle stream). The gateway's own tasks stay.
     */
    private dev.switchboard.protocol.jsonrpc.Request withoutForwardedTasks(dev.switchboard.protocol.jsonrpc.Request request,
                                                                          RequestContext ctx) {
        JsonObject notifications = request.params() == null ? null : request.params().getObject("notifications");
        if (notifications == null || !(notifications.get("taskIds") instanceof dev.switchboard.protocol.json.JsonArray ids)) {
            return request;
        }
        List<Json> kept = new java.util.ArrayList<>();
        for (Json id : ids.values()) {
            boolean forwarded;
            try {
                forwarded = id instanceof JsonString s && open(s.value(), ctx) != null;
            } catch (McpException gone) { // a handle whose upstream is no longer configured
                forwarded = true;
            }
            if (!forwarded) {
                kept.add(id);
            }
        }
        if (kept.size() == ids.size()) {
            return request;
        }
        JsonObject filter = kept.isEmpty() ? notifications.without("taskIds")
                : notifications.with("taskIds", new dev.switchboard.protocol.json.JsonArray(kept));
        return new dev.switchboard.protocol.jsonrpc.Request(request.id(), request.method(),
                request.params().with("notifications", filter));
    }

    /**
     * A task call, in as many MRTR rounds as the upstream needs input before it creates the task:
     * each of its questions goes to the caller (keys unchanged), its {@code requestState} in the
     * server's sealed one ({@link InputRelay#stateless}), so the retry may reach any instance.
     */
    private JsonObject call(Route route, JsonObject params, Chain chain) throws Exception {
        RequestContext ctx = chain.context();
        Fields f = Fields.of(params, "params");
        JsonObject arguments = f.optObject("arguments") == null ? JsonObject.EMPTY : f.optObject("arguments");
        List<JsonSchema.Violation> violations = route.input().validate(arguments);
        if (!violations.isEmpty()) { // as the server answers: a tool error, not a protocol error
            return Codec.encode(CallToolResult.error("Invalid arguments for tool " + f.string("name") + ": "
                    + String.join("; ", violations.stream().map(JsonSchema.Violation::toString).toList())));
        }
        Upstream up = upstreams.get(route.upstream());
        String what = "tools/call \"" + route.original() + "\"";
        InputRelay.Sender<ToolCallOutcome> sender = (client, answers, upstreamState, options) -> client.callToolRoundAsTask(
                new CallToolRequest(route.original(), arguments, answers, upstreamState, null), options);
        return chain.answer((responses, state) -> switch (InputRelay.stateless(up, what, sender, responses, state, ctx)) {
            case Outcome.Complete<ToolCallOutcome> c -> Outcome.complete(encode(route, c.result(), ctx));
            case Outcome.InputRequired<ToolCallOutcome> ir -> Outcome.inputRequired(ir.requests(), ir.state());
        });
    }

    /** The upstream's answer for the caller: a task comes back with its handle as {@code taskId}. */
    private JsonObject encode(Route route, ToolCallOutcome outcome, RequestContext ctx) {
        return switch (outcome) {
            case ToolCallOutcome.Completed c -> Codec.encode(c.result());
            case ToolCallOutcome.TaskCreated t -> {
                Task task = t.task();
                String handle = new TaskHandle(route.upstream(), task.taskId()).seal(sealer, ctx.principal().key(), task.ttlMs());
                yield Codec.encode(CreateTaskResult.of(renamed(task, handle)));
            }
        };
    }

    private JsonObject get(Opened o, JsonObject params, RequestContext ctx) {
        GetTaskRequest req = Codec.decode(params, GetTaskRequest.class, "params");
        GetTaskResult r = forward(o, "tasks/get", c -> c.getTask(GetTaskRequest.of(o.handle().taskId()), CallerChannels.of(ctx)));
        DetailedTask d = r.task();
        // the upstream's _meta (e.g. which of its instances runs the task) is its own business
        return Codec.encode(GetTaskResult.of(new DetailedTask(renamed(d.task(), req.taskId()), d.inputRequests(),
                d.result(), d.error())));
    }

    private JsonObject update(Opened o, JsonObject params, RequestContext ctx) {
        UpdateTaskRequest req = Codec.decode(params, UpdateTaskRequest.class, "params");
        return Codec.encode(forward(o, "tasks/update", c -> c.updateTask(
                UpdateTaskRequest.of(o.handle().taskId(), req.inputResponses()), CallerChannels.of(ctx))));
    }

    private JsonObject cancel(Opened o, JsonObject params, RequestContext ctx) {
        Codec.decode(params, CancelTaskRequest.class, "params"); // malformed params: the usual -32602
        return Codec.encode(forward(o, "tasks/cancel", c -> c.cancelTask(
                CancelTaskRequest.of(o.handle().taskId()), CallerChannels.of(ctx))));
    }

    /** The {@code taskId} when it is a string; anything else is the server's runtime's to refuse. */
    private static String taskId(JsonObject params) {
        return params != null && params.get("taskId") instanceof JsonString id ? id.value() : null;
    }

    /** A handle opened for this caller, with its upstream. */
    private record Opened(String token, TaskHandle handle, Upstream upstream) {
    }

    /** The handle in {@code token} opened for this caller, or null when it is none (maybe the gateway's own task). */
    private Opened open(String token, RequestContext ctx) {
        TaskHandle h = token == null ? null : TaskHandle.open(sealer, ctx.principal().key(), token);
        if (h == null) {
            return null;
        }
        Upstream up = upstreams.get(h.upstream());
        if (up == null) { // an upstream removed from the configuration: its tasks are gone for us
            throw notFound(token);
        }
        return new Opened(token, h, up);
    }

    private static <T> T forward(Opened o, String method, java.util.function.Function<dev.switchboard.client.McpClient, T> request) {
        try {
            return o.upstream().call(method, request);
        } catch (McpException e) {
            if (e.code() == ErrorCode.INVALID_PARAMS) {
                throw notFound(o.token()); // expired or purged upstream: without its id in the message
            }
            throw e;
        }
    }

    private static Task renamed(Task t, String taskId) {
        return new Task(taskId, t.status(), t.statusMessage(), t.createdAt(), t.lastUpdatedAt(), t.ttlMs(), t.pollIntervalMs());
    }

    /** The server's own wording for an unknown task, so a handle's origin does not show. */
    private static McpException notFound(String taskId) {
        String shown = taskId.length() > 64 ? taskId.substring(0, 64) + "..." : taskId;
        return new McpException(ErrorCode.INVALID_PARAMS, "Unknown task \"" + shown + "\": it does not exist, has "
                + "expired, or was created by someone else", JsonObject.of("taskId", Json.of(taskId)));
    }
}
