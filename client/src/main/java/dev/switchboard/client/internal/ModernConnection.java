package dev.switchboard.client.internal;

import dev.switchboard.protocol.headers.HeaderValues;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.tasks.TasksExtension;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MCP 2026-07-28 over Streamable HTTP: stateless, one POST per request, each carrying the
 * required {@code _meta} (protocol version, client capabilities, client info; progress token and
 * log level when asked for; the Tasks extension in the capabilities when the call opts in) and the SEP-2243 headers ({@code MCP-Protocol-Version},
 * {@code Mcp-Method}, {@code Mcp-Name}, {@code Mcp-Param-*}).
 */
final class ModernConnection implements Connection {
    static final String VERSION = ProtocolVersion.V2026_07_28;

    private final Channel exchanger;
    private final ClientSettings settings;
    private final ToolHeaders tools;
    private final Ids ids;
    private final JsonObject capabilities;
    private final JsonObject capabilitiesWithTasks;
    private final JsonObject clientInfo;
    private volatile DiscoverResult description;

    ModernConnection(Channel exchanger, ClientSettings settings, ToolHeaders tools, Ids ids) {
        this.exchanger = exchanger;
        this.settings = settings;
        this.tools = tools;
        this.ids = ids;
        this.capabilities = Codec.encode(settings.capabilities());
        JsonObject extensions = JsonObject.builder().putAll(capabilities.getObject("extensions"))
                .put(TasksExtension.ID, JsonObject.EMPTY).build();
        this.capabilitiesWithTasks = capabilities.with("extensions", extensions);
        this.clientInfo = Codec.encode(settings.clientInfo());
    }

    @Override
    public boolean isModern() {
        return true;
    }

    @Override
    public String protocolVersion() {
        return VERSION;
    }

    @Override
    public DiscoverResult description() {
        return description;
    }

    @Override
    public void describe(DiscoverResult d) {
        this.description = d;
    }

    @Override
    public Implementation serverInfo() {
        DiscoverResult d = description;
        JsonObject info = d == null || d.meta() == null ? null : d.meta().getObject(MetaKeys.SERVER_INFO);
        try {
            return info == null ? null : Codec.decode(info, Implementation.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Sends the request. On {@code -32022} (unsupported protocol version) the client picks a
     * version from the error's {@code supported} list and retries once with a new id (SEP-2575).
     * The only version this connection speaks is 2026-07-28, so it retries when the list names it
     * (the server rejected the version of this request, e.g. behind a proxy that rewrote it);
     * otherwise no retry could succeed and the error stands.
     */
    @Override
    public JsonObject request(Call call, JsonObject params) {
        PostResult r = exchange(call, params);
        if (r.response() instanceof Response.Failure f && f.error().code() == ErrorCode.UNSUPPORTED_PROTOCOL_VERSION
                && Connector.supported(f.error().data()).contains(VERSION)) {
            r = exchange(call, params);
        }
        return Results.of(call.method(), r, exchanger.endpoint());
    }

    /** Sends the request and returns what came back, without judging it (the era probe needs that). */
    PostResult exchange(Call call, JsonObject params) {
        return exchange(call, params, new CallEvents(call, null));
    }

    /** As {@link #exchange(Call, JsonObject)}, passing what precedes the response to {@code handler}. */
    PostResult exchange(Call call, JsonObject params, StreamHandler handler) {
        Request request = new Request(ids.next(), call.method(), withMeta(params, call));
        return exchanger.post(request, headers(request), call.control(), handler);
    }

    private JsonObject withMeta(JsonObject params, Call call) {
        JsonObject.Builder meta = JsonObject.builder().putAll(params.getObject("_meta"))
                .put(MetaKeys.PROTOCOL_VERSION, VERSION)
                .put(MetaKeys.CLIENT_CAPABILITIES, call.tasks() ? capabilitiesWithTasks : capabilities)
                .put(MetaKeys.CLIENT_INFO, clientInfo)
                .put(MetaKeys.PROGRESS_TOKEN, call.progressToken());
        if (call.options().logLevel() != null) {
            meta.put(MetaKeys.LOG_LEVEL, call.options().logLevel().wire());
        }
        return params.with("_meta", meta.build());
    }

    private Map<String, String> headers(Request request) {
        Map<String, String> h = new LinkedHashMap<>(settings.headers());
        h.put("Accept", "application/json, text/event-stream");
        h.put("MCP-Protocol-Version", VERSION);
        h.put("Mcp-Method", request.method());
        String name = switch (request.method()) {
            case Methods.TOOLS_CALL, Methods.PROMPTS_GET -> request.params().getString("name");
            case Methods.RESOURCES_READ -> request.params().getString("uri");
            case Methods.TASKS_GET, Methods.TASKS_UPDATE, Methods.TASKS_CANCEL -> request.params().getString("taskId");
            default -> null;
        };
        if (name != null) {
            h.put("Mcp-Name", HeaderValues.encode(name));
        }
        if (Methods.TOOLS_CALL.equals(request.method())) {
            h.putAll(tools.headersFor(name, request.params().getObject("arguments")));
        }
        return h;
    }

    @Override
    public void close(CallControl control) {
        // stateless: nothing to end
    }
}
