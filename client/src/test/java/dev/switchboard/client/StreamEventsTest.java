package dev.switchboard.client;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.logging.LoggingMessageNotification;
import dev.switchboard.protocol.notifications.ProgressNotification;
import dev.switchboard.protocol.tools.CallToolRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What arrives on a call's event stream before its response, against scripted servers. */
class StreamEventsTest {
    private static final String INIT = "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
            + "\"serverInfo\":{\"name\":\"legacy\",\"version\":\"1\"}}";

    private static String progress(String token, int n) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":" + token
                + ",\"progress\":" + n + "}}";
    }

    private static String response(FakeServer.Received r) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}}";
    }

    @Test
    void onlyProgressWithTheCallsOwnTokenReachesTheListener() {
        List<ProgressNotification> seen = new CopyOnWriteArrayList<>();
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> {
            String token = r.params().getObject("_meta").get("progressToken").toString();
            FakeServer.sse(ex, progress("\"someone-else\"", 1), progress(token, 2),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":3}}",
                    response(r));
        }));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            var result = client.callTool(CallToolRequest.of("t", null), CallOptions.builder().onProgress(seen::add).build());
            assertThat(RealServers.text(result)).isEqualTo("ok");
        }
        assertThat(seen).extracting(ProgressNotification::progress).containsExactly(2.0);
    }

    @Test
    void logMessagesReachTheLogListenerAndOtherNotificationsAreIgnored() {
        List<LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.sse(ex,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"error\",\"logger\":\"db\",\"data\":{\"q\":1}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"bogus\",\"data\":1}}",
                response(r))));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            client.callTool(CallToolRequest.of("t", null), CallOptions.builder().onLog(LoggingLevel.DEBUG, logs::add).build());
        }
        assertThat(logs).singleElement().satisfies(l -> {
            assertThat(l.level()).isEqualTo(LoggingLevel.ERROR);
            assertThat(l.logger()).isEqualTo("db");
        });
    }

    @Test
    void aModernServerSendingARequestOnTheStreamIsIgnored() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.sse(ex,
                "{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"method\":\"elicitation/create\",\"params\":{\"message\":\"x\",\"requestedSchema\":{}}}",
                response(r))));
             McpClient client = McpClient.builder(server.endpoint()).elicitation(RealServers::ada).build()) {
            assertThat(RealServers.text(client.callTool("t", null))).isEqualTo("ok");
            // nothing was posted back: the modern era has no server-to-client requests
            assertThat(server.received()).extracting(FakeServer.Received::method).containsExactly("server/discover", "tools/call");
        }
    }

    @Test
    void aSessionEraServerGetsItsRequestsAnsweredOnTheSession() throws Exception {
        try (FakeServer server = FakeServer.start((r, ex) -> {
            String method = r.method();
            if ("initialize".equals(method)) {
                ex.getResponseHeaders().set("Mcp-Session-Id", "sess-9");
                FakeServer.result(ex, r, INIT);
            } else if (method == null && r.body() != null) {
                FakeServer.status(ex, 202); // an answer to one of our requests
            } else if (method == null || method.startsWith("notifications/")) {
                FakeServer.status(ex, 202);
            } else {
                FakeServer.sse(ex, "",
                        "{\"jsonrpc\":\"2.0\",\"id\":100,\"method\":\"ping\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":101,\"method\":\"roots/list\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":102,\"method\":\"sampling/createMessage\",\"params\":{\"messages\":[],\"maxTokens\":5}}",
                        "{\"jsonrpc\":\"2.0\",\"id\":103,\"method\":\"elicitation/create\",\"params\":{\"message\":\"Name?\",\"requestedSchema\":{\"type\":\"object\",\"properties\":{}}}}",
                        "{\"jsonrpc\":\"2.0\",\"id\":104,\"method\":\"elicitation/create\",\"params\":{\"message\":5}}",
                        response(r));
            }
        });
             McpClient client = McpClient.builder(server.endpoint()).era(Era.LEGACY)
                     .elicitation(RealServers::ada).build()) {
            assertThat(RealServers.text(client.callTool("t", null))).isEqualTo("ok");
            // each request is answered on its own thread while the stream goes on, so the answers may
            // arrive after the call's result and in any order
            java.util.function.Supplier<List<FakeServer.Received>> answered = () -> server.received().stream()
                    .filter(r -> r.body() != null && r.method() == null && r.body().has("id"))
                    .sorted(java.util.Comparator.comparing(r -> r.body().get("id").toString())).toList();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
            while (answered.get().size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            var answers = answered.get();
            assertThat(answers).extracting(r -> r.body().get("id").toString()).containsExactly("100", "101", "102", "103", "104");
            assertThat(answers).allSatisfy(a -> {
                assertThat(a.header("Mcp-Session-Id")).isEqualTo("sess-9");
                assertThat(a.header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
            });
            assertThat(answers.get(0).body().getObject("result")).isEqualTo(JsonObject.EMPTY);
            assertThat(answers.get(1).body().getObject("error").get("code").toString()).isEqualTo("-32601");
            assertThat(answers.get(1).body().getObject("error").getString("message")).contains("no RootsHandler");
            assertThat(answers.get(2).body().getObject("error").getString("message")).contains("no SamplingHandler");
            assertThat(answers.get(3).body().getObject("result").getString("action")).isEqualTo("accept");
            assertThat(answers.get(4).body().getObject("error").get("code").toString()).isEqualTo("-32602");
        }
    }

    @Test
    void aSessionEraUnknownServerRequestIsRefusedWithMethodNotFound() throws Exception {
        try (FakeServer server = FakeServer.start((r, ex) -> {
            if ("initialize".equals(r.method())) {
                FakeServer.result(ex, r, INIT);
            } else if (r.method() == null || r.method().startsWith("notifications/")) {
                FakeServer.status(ex, 202);
            } else {
                FakeServer.sse(ex, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"mind/read\"}", response(r));
            }
        });
             McpClient client = McpClient.builder(server.endpoint()).era(Era.LEGACY).build()) {
            client.callTool("t", null);
            // answered on its own thread while the stream goes on: it may arrive after the call's result
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
            while (server.received().stream().noneMatch(r -> r.body() != null && r.body().has("error"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            var answer = server.received().stream().filter(r -> r.body() != null && r.body().has("error")).findFirst()
                    .orElseThrow();
            assertThat(answer.body().getObject("error").getString("message")).contains("mind/read");
        }
    }

    @Test
    void aSessionEraCallStillTimesOutAfterAnsweringARequestOnItsStream() {
        try (FakeServer server = FakeServer.start((r, ex) -> {
            if ("initialize".equals(r.method())) {
                FakeServer.result(ex, r, INIT);
            } else if (r.method() == null || r.method().startsWith("notifications/")) {
                FakeServer.status(ex, 202);
            } else {
                FakeServer.sse(ex, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
                Thread.sleep(20_000); // and never a response
            }
        });
             McpClient client = McpClient.builder(server.endpoint()).era(Era.LEGACY)
                     .requestTimeout(java.time.Duration.ofMillis(500)).build()) {
            client.protocolVersion();
            long start = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.callTool("t", null))
                    .isInstanceOfSatisfying(McpClientException.class,
                            e -> assertThat(e.kind()).isEqualTo(McpClientException.Kind.TIMEOUT));
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(3));
            assertThat(server.received("notifications/cancelled")).hasSize(1);
        }
    }
}
