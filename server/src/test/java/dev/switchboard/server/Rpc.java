package dev.switchboard.server;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;

/**
 * Test helpers for driving an {@link McpServer} the way a transport does: build 2026-07-28
 * requests with the required {@code _meta}, run them through {@link McpServer#handle}, and read
 * the results or errors.
 */
public final class Rpc {
    /** The protocol revision every helper request declares. */
    public static final String VERSION = "2026-07-28";
    /** The principal used when a test does not name one. */
    public static final String ANONYMOUS = "anonymous";

    private Rpc() {
    }

    /** Parses a JSON object literal. */
    public static JsonObject json(String text) {
        return (JsonObject) Wire.parse(text);
    }

    /** A string or integer request id. */
    public static RequestId id(Object id) {
        return switch (id) {
            case String s -> RequestId.of(s);
            case Number n -> RequestId.of(n.longValue());
            default -> throw new IllegalArgumentException("ids are strings or integers: " + id);
        };
    }

    /** A modern request with {@code {}} capabilities; any {@code _meta} in {@code paramsJson} is kept. */
    public static Request request(Object id, String method, String paramsJson) {
        return request(id, method, paramsJson, "{}");
    }

    /** A modern request declaring {@code capabilitiesJson}; any {@code _meta} in {@code paramsJson} is kept. */
    public static Request request(Object id, String method, String paramsJson, String capabilitiesJson) {
        JsonObject params = paramsJson == null ? JsonObject.EMPTY : json(paramsJson);
        JsonObject.Builder meta = JsonObject.builder()
                .put(MetaKeys.PROTOCOL_VERSION, VERSION)
                .put(MetaKeys.CLIENT_CAPABILITIES, json(capabilitiesJson));
        meta.putAll(params.getObject("_meta"));
        return new Request(id(id), method, params.with("_meta", meta.build()));
    }

    /** A copy of {@code r} with {@code _meta[key]} set. */
    public static Request withMeta(Request r, String key, Json value) {
        JsonObject meta = r.params().getObject("_meta");
        return new Request(r.id(), r.method(), r.params().with("_meta", meta.with(key, value)));
    }

    /** A copy of {@code r} with {@code params[key]} set. */
    public static Request withParam(Request r, String key, Json value) {
        return new Request(r.id(), r.method(), r.params().with(key, value));
    }

    /** A copy of {@code r} with a new id (a retry is a new request). */
    public static Request withId(Request r, Object id) {
        return new Request(id(id), r.method(), r.params());
    }

    /** Handles {@code r} as the anonymous principal, recording nothing. */
    public static JsonObject handle(McpServer server, Request r) throws Exception {
        return handle(server, r, ANONYMOUS);
    }

    /** Handles {@code r} as {@code principal}. */
    public static JsonObject handle(McpServer server, Request r, String principal) throws Exception {
        return handle(server, r, principal, new RecordingSink());
    }

    /** Handles {@code r} as {@code principal}, sending notifications to {@code sink}. */
    public static JsonObject handle(McpServer server, Request r, String principal, EventSink sink) throws Exception {
        return handle(server, r, principal, sink, new CancellationSignal());
    }

    /** Handles {@code r} exactly as a transport does. */
    public static JsonObject handle(McpServer server, Request r, String principal, EventSink sink,
                                    Cancellation cancellation) throws Exception {
        return server.handle(r, RequestMeta.read(r), principal(principal), sink, cancellation);
    }

    /** The principal a test names: a local user whose key is {@code name} ({@code "anonymous"} is anonymous). */
    public static Principal principal(String name) {
        return Principal.user("", name, java.util.Set.of());
    }

    /** The protocol error {@code r} fails with, as the anonymous principal. */
    public static McpException error(McpServer server, Request r) {
        return error(server, r, ANONYMOUS);
    }

    /** The protocol error {@code r} fails with, as {@code principal}. */
    public static McpException error(McpServer server, Request r, String principal) {
        try {
            JsonObject result = handle(server, r, principal);
            throw new AssertionError("expected a protocol error, got result " + result);
        } catch (McpException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a protocol error, got " + e, e);
        }
    }

    /** The text of the first content block of a tools/call result. */
    public static String text(JsonObject toolResult) {
        JsonArray content = (JsonArray) toolResult.get("content");
        return ((JsonObject) content.get(0)).getString("text");
    }

    /** True when a tools/call result says {@code isError: true}. */
    public static boolean isError(JsonObject toolResult) {
        return Json.of(true).equals(toolResult.get("isError"));
    }

    /** An object schema with the given {@code properties} JSON and required names. */
    public static JsonObject objectSchema(String propertiesJson, String... required) {
        JsonObject.Builder b = JsonObject.builder().put("type", "object").put("properties", json(propertiesJson));
        if (required.length > 0) {
            b.put("required", JsonArray.ofStrings(java.util.List.of(required)));
        }
        return b.build();
    }

    /** A tool taking one optional string {@code text}. */
    public static Tool textTool(String name) {
        return Tool.of(name, "Tool " + name, objectSchema("{\"text\":{\"type\":\"string\"}}"));
    }

    /** A handler echoing {@code arguments.text}. */
    public static ToolHandler echo() {
        return ToolHandler.of(call -> CallToolResult.of(TextContent.of(String.valueOf(call.arguments().getString("text")))));
    }

    /** A server with an {@code echo} tool, ready for more. */
    public static McpServer.Builder echoServer() {
        return McpServer.builder("dev.switchboard/test", "1.2.3").tool(textTool("echo"), echo());
    }
}
