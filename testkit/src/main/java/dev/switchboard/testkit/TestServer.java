package dev.switchboard.testkit;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.server.McpServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real Streamable HTTP server on a free loopback port, for tests, with a small client that
 * sends well-formed 2026-07-28 requests (headers and {@code _meta} filled in).
 *
 * <pre>{@code
 * try (TestServer t = TestServer.start(server)) {
 *     JsonObject result = t.call("tools/call", JsonObject.of("name", Json.of("echo"), ...)).result();
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
    private final McpServer server;
    private final McpHttpServer http;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicLong ids = new AtomicLong();

    private TestServer(McpServer server, McpHttpServer http) {
        this.server = server;
        this.http = http;
    }

    /** Starts {@code server} on 127.0.0.1 and a free port. */
    public static TestServer start(McpServer server) {
        try {
            return new TestServer(server, McpHttpServer.builder(server).port(0).start());
        } catch (Exception e) {
            throw new IllegalStateException("could not start test server", e);
        }
    }

    /** The MCP endpoint URL. */
    public URI endpoint() {
        return http.endpoint();
    }

    /** The server under test. */
    public McpServer server() {
        return server;
    }

    /**
     * One exchange: the HTTP status, the messages received (notifications, then the response)
     * and helpers to read the final one.
     */
    public record Exchange(int status, List<JsonObject> messages) {
        /** The final message (the JSON-RPC response). */
        public JsonObject response() {
            return messages.getLast();
        }

        /** The response's result, or null for an error. */
        public JsonObject result() {
            return response().getObject("result");
        }

        /** The response's error, or null for a result. */
        public JsonObject error() {
            return response().getObject("error");
        }

        /** Notifications received before the response. */
        public List<JsonObject> notifications() {
            return messages.subList(0, messages.size() - 1);
        }
    }

    /** Calls {@code method} with {@code params} and no client capabilities. */
    public Exchange call(String method, JsonObject params) {
        return call(method, params, JsonObject.EMPTY);
    }

    /** Calls {@code method} with {@code params}, declaring {@code capabilities}. */
    public Exchange call(String method, JsonObject params, JsonObject capabilities) {
        JsonObject meta = (params.getObject("_meta") == null ? JsonObject.builder() : params.getObject("_meta").toBuilder())
                .put(MetaKeys.PROTOCOL_VERSION, ProtocolVersion.V2026_07_28)
                .put(MetaKeys.CLIENT_CAPABILITIES, capabilities)
                .build();
        Request request = new Request(RequestId.of(ids.incrementAndGet()), method, params.with("_meta", meta));
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", ProtocolVersion.V2026_07_28)
                .header("Mcp-Method", method)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.write(JsonRpcCodec.encode(request))));
        String name = switch (method) {
            case Methods.TOOLS_CALL, Methods.PROMPTS_GET -> params.getString("name");
            case Methods.RESOURCES_READ -> params.getString("uri");
            default -> null;
        };
        if (name != null) {
            b.header("Mcp-Name", name);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Exchange(r.statusCode(), parse(r));
        } catch (IOException e) {
            throw new IllegalStateException("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static List<JsonObject> parse(HttpResponse<String> r) {
        List<JsonObject> out = new ArrayList<>();
        String type = r.headers().firstValue("content-type").orElse("");
        if (type.startsWith("text/event-stream")) {
            for (String line : r.body().split("\n")) {
                if (line.startsWith("data: ")) {
                    out.add((JsonObject) Wire.parse(line.substring(6)));
                }
            }
        } else if (!r.body().isEmpty()) {
            Json json = Wire.parse(r.body());
            out.add((JsonObject) json);
        }
        return out;
    }

    /** Decodes one JSON-RPC message from text, for assertions. */
    public static Message message(String json) {
        return JsonRpcCodec.decode(Wire.parse(json));
    }

    @Override
    public void close() {
        http.close();
    }
}
