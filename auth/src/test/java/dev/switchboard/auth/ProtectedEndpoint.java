package dev.switchboard.auth;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.outbound.AddressClass;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ToolHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * An MCP server protected by an {@link OAuthResourceServer} on a loopback port, plus a local
 * "issuer" web server whose documents (JWKS, introspection answers) the test sets and whose
 * requests it counts. The MCP server has {@code whoami} (describes the principal) and
 * {@code refund} tools.
 */
final class ProtectedEndpoint implements AutoCloseable {
    static final String V = "2026-07-28";
    // Its own client: a shared one could reuse a kept-alive connection to an earlier test's server
    // whose port this one got again, and read nothing from it.
    private final HttpClient client = HttpClient.newHttpClient();

    final HttpServer issuerServer;
    final Map<String, Supplier<String>> documents = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final SafeHttpClient outbound;
    final OAuthResourceServer oauth;
    final McpHttpServer http;

    ProtectedEndpoint(BiConsumer<ProtectedEndpoint, OAuthResourceServer.Builder> configure) throws Exception {
        issuerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuerServer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        issuerServer.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            Supplier<String> doc = documents.get(path);
            byte[] body = (doc == null ? "{}" : doc.get()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(doc == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        issuerServer.start();
        outbound = SafeHttpClient.builder().allow(AddressClass.LOOPBACK).allowHttp(true).build();
        int port = freePort();
        OAuthResourceServer.Builder builder = OAuthResourceServer.builder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .http(outbound).resourceName("Test resource");
        configure.accept(this, builder);
        oauth = builder.build();
        McpServer server = McpServer.builder("dev.switchboard/auth-test", "1.0")
                .tool(Tool.of("whoami", "Describes the caller", schema("{\"type\":\"object\"}")),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of(call.context().principal().describe()
                                + " via " + call.context().principal().issuer() + " scopes " + call.context().principal().scopes()
                                .stream().sorted().toList()))))
                .tool(Tool.of("membership", "The caller's groups, roles and tenant", schema("{\"type\":\"object\"}")),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of("groups " + call.context().principal().groups()
                                .stream().sorted().toList() + " roles " + call.context().principal().roles().stream().sorted().toList()
                                + " tenant " + call.context().principal().tenant()))))
                .tool(Tool.of("refund", "Refunds a payment", schema("{\"type\":\"object\"}")),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of("refunded"))))
                .interceptor(oauth.interceptor())
                .build();
        http = oauth.protect(McpHttpServer.builder(server).port(port)).start();
    }

    static JsonObject schema(String json) {
        return (JsonObject) Wire.parse(json);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The issuer's base URL, e.g. {@code http://127.0.0.1:4711}. */
    String issuerUrl() {
        return "http://127.0.0.1:" + issuerServer.getAddress().getPort();
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** POSTs a modern {@code tools/call} (or any method) with the headers a 2026-07-28 client sends. */
    HttpResponse<String> call(String method, String tool, String authorization) throws IOException, InterruptedException {
        return call(method, tool, authorization, "");
    }

    HttpResponse<String> call(String method, String tool, String authorization, String query)
            throws IOException, InterruptedException {
        String params = tool == null ? "" : "\"name\":\"" + tool + "\",\"arguments\":{},";
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{" + params
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + V + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.endpoint() + query))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", V)
                .header("Mcp-Method", method)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (tool != null) {
            request.header("Mcp-Name", tool);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        client.close();
        http.close();
        oauth.close();
        outbound.close();
        issuerServer.stop(0);
    }
}
