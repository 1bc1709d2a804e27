package dev.switchboard.client;

import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Servers that break the protocol: every failure is a typed, explained exception, never a hang. */
class BadServersTest {

    /** How a modern call fails against a server scripted by {@code handler}. */
    private static McpClientException failure(FakeServer.Handler handler) {
        try (FakeServer server = FakeServer.start(FakeServer.modern(handler));
             McpClient client = McpClient.builder(server.endpoint()).requestTimeout(Duration.ofSeconds(5)).build()) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.callTool("t", null));
            assertThat(t).isInstanceOf(McpClientException.class);
            return (McpClientException) t;
        }
    }

    @Test
    void invalidJsonIsAnInvalidResponse() {
        McpClientException e = failure((r, ex) -> FakeServer.json(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":"));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
        assertThat(e.getMessage()).contains("tools/call", "not a JSON-RPC message", "http://127.0.0.1:");
    }

    @Test
    void aResponseWithTheWrongIdIsAnInvalidResponse() {
        McpClientException e = failure((r, ex) -> FakeServer.json(ex, 200,
                "{\"jsonrpc\":\"2.0\",\"id\":999,\"result\":{\"content\":[]}}"));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
        assertThat(e.getMessage()).contains("id 999").contains("request had id");
    }

    @Test
    void aStreamedResponseWithTheWrongIdIsAnInvalidResponse() {
        McpClientException e = failure((r, ex) -> FakeServer.sse(ex,
                "{\"jsonrpc\":\"2.0\",\"id\":\"other\",\"result\":{\"content\":[]}}"));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
        assertThat(e.getMessage()).contains("id \"other\"");
    }

    @Test
    void anEventStreamThatEndsWithoutAResponseIsAnInvalidResponse() {
        McpClientException e = failure((r, ex) -> FakeServer.sse(ex,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"x\"}}"));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
        assertThat(e.getMessage()).contains("the event stream ended without a response");
    }

    @Test
    void anEventThatIsNotJsonIsAnInvalidResponse() {
        McpClientException e = failure((r, ex) -> FakeServer.sse(ex, "hello there"));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
        assertThat(e.getMessage()).contains("an event is not a JSON-RPC message");
    }

    @Test
    void anEmptySuccessBodyIsAnInvalidResponse() {
        McpClientException e = failure((r, ex) -> FakeServer.status(ex, 202));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
        assertThat(e.getMessage()).contains("empty body");
    }

    @Test
    void aRequestInsteadOfAResponseIsAnInvalidResponse() {
        McpClientException e = failure((r, ex) -> FakeServer.json(ex, 200,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
        assertThat(e.getMessage()).contains("got a request");
    }

    @Test
    void aResultOfTheWrongShapeNamesTheMember() {
        McpClientException e = failure((r, ex) -> FakeServer.result(ex, r, "{\"content\":\"nope\"}"));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
        assertThat(e.getMessage()).contains("result.content");
    }

    @Test
    void aPlainTextServerErrorKeepsItsStatusAndText() {
        McpClientException e = failure((r, ex) -> {
            byte[] b = "upstream exploded".getBytes();
            ex.sendResponseHeaders(502, b.length);
            ex.getResponseBody().write(b);
        });
        assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.getMessage()).contains("HTTP 502", "upstream exploded");
    }

    @Test
    void aJsonRpcErrorWithAnErrorStatusIsAnErrorResponse() {
        McpClientException e = failure((r, ex) -> FakeServer.json(ex, 500, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id()
                + ",\"error\":{\"code\":-32603,\"message\":\"boom\",\"data\":{\"why\":\"disk\"}}}"));
        assertThat(e).isInstanceOfSatisfying(ErrorResponseException.class, err -> {
            assertThat(err.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(err.error().message()).isEqualTo("boom");
            assertThat(err.data().asObject().getString("why")).isEqualTo("disk");
            assertThat(err.httpStatus()).isEqualTo(500);
        });
    }

    @Test
    void anErrorWithANullIdIsStillTheAnswer() {
        McpClientException e = failure((r, ex) -> FakeServer.json(ex, 400,
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}"));
        assertThat(e).isInstanceOfSatisfying(ErrorResponseException.class,
                err -> assertThat(err.code()).isEqualTo(ErrorCode.PARSE_ERROR));
    }

    @Test
    void anOversizedJsonBodyIsRefused() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r,
                "{\"content\":[{\"type\":\"text\",\"text\":\"" + "x".repeat(5000) + "\"}]}")));
             McpClient client = McpClient.builder(server.endpoint()).maxResponseBytes(4096).build()) {
            assertThatThrownBy(() -> client.callTool("t", null)).isInstanceOfSatisfying(McpClientException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
                assertThat(e.getMessage()).contains("exceeds the limit of 4096 bytes");
            });
        }
    }

    @Test
    void anOversizedChunkedBodyIsRefused() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0); // chunked: no length to check up front
            try (OutputStream out = ex.getResponseBody()) {
                out.write(("{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"result\":{\"content\":[],\"pad\":\"").getBytes());
                for (int i = 0; i < 100; i++) {
                    out.write("y".repeat(1000).getBytes());
                }
                out.write("\"}}".getBytes());
            }
        }));
             McpClient client = McpClient.builder(server.endpoint()).maxResponseBytes(10_000).build()) {
            assertThatThrownBy(() -> client.callTool("t", null)).isInstanceOfSatisfying(McpClientException.class,
                    e -> assertThat(e.getMessage()).contains("exceeds the limit of 10000 bytes"));
        }
    }

    @Test
    void anOversizedEventIsRefused() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.sse(ex,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\""
                        + "z".repeat(9000) + "\"}}")));
             McpClient client = McpClient.builder(server.endpoint()).maxResponseBytes(8192).build()) {
            assertThatThrownBy(() -> client.callTool("t", null)).isInstanceOfSatisfying(McpClientException.class,
                    e -> assertThat(e.getMessage()).contains("exceeds the limit of 8192 bytes"));
        }
    }

    @Test
    void unauthorizedNamesTheResourceMetadataUrl() {
        try (FakeServer server = FakeServer.start((r, ex) -> {
            ex.getResponseHeaders().set("WWW-Authenticate",
                    "Bearer error=\"invalid_token\", resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource\"");
            FakeServer.json(ex, 401, "{\"error\":\"invalid_token\"}");
        });
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThatThrownBy(client::listAllTools).isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(e.resourceMetadata())
                        .isEqualTo(URI.create("https://mcp.example.com/.well-known/oauth-protected-resource"));
                assertThat(e.challenge()).startsWith("Bearer error=");
                assertThat(e.getMessage()).contains("https://mcp.example.com/.well-known/oauth-protected-resource");
            });
            // a 401 is not an era answer: no fallback to initialize
            assertThat(server.received("initialize")).isEmpty();
        }
    }

    @Test
    void unauthorizedWithoutChallengeSaysSo() {
        try (FakeServer server = FakeServer.start((r, ex) -> FakeServer.status(ex, 401));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThatThrownBy(client::listAllTools).isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                assertThat(e.resourceMetadata()).isNull();
                assertThat(e.getMessage()).contains("no WWW-Authenticate challenge");
            });
        }
    }

    @Test
    void aRefusedConnectionNamesTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
        try (McpClient client = McpClient.builder(endpoint).build()) {
            assertThatThrownBy(client::listAllTools).isInstanceOfSatisfying(McpClientException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
                assertThat(e.getMessage()).startsWith("Cannot connect to " + endpoint);
            });
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> silence()));
             McpClient client = McpClient.builder(server.endpoint()).requestTimeout(Duration.ofMillis(300)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.callTool("t", null)).isInstanceOfSatisfying(McpClientException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                assertThat(e.getMessage()).contains("tools/call", "did not complete within 300 ms");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aStreamThatGoesQuietTimesOut() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> {
            FakeServer.sse(ex, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":1}}");
            silence();
        }));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            CallOptions quick = CallOptions.builder().timeout(Duration.ofMillis(300)).build();
            assertThatThrownBy(() -> client.callTool(dev.switchboard.protocol.tools.CallToolRequest.of("t", null), quick))
                    .isInstanceOfSatisfying(McpClientException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        }
    }

    /** Holds the exchange open, answering nothing, until the test server closes. */
    private static void silence() throws InterruptedException {
        Thread.sleep(20_000);
    }
}
