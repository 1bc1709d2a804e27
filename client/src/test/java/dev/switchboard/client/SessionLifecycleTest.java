package dev.switchboard.client;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session era's session: re-initialized after a 404, ended with DELETE on close. */
class SessionLifecycleTest extends DemoBehindProxy {
    static final HttpClient JDK = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterAll
    static void closeJdkClient() {
        JDK.close();
    }

    private static int delete(URI endpoint, String session) throws Exception {
        return JDK.send(HttpRequest.newBuilder(endpoint).DELETE().header("Mcp-Session-Id", session).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String lastSession() {
        return proxy.seen("notifications/initialized").getLast().header("Mcp-Session-Id");
    }

    @Test
    void reinitializesOnceAfterTheSessionIsDeletedBehindItsBack() throws Exception {
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.LEGACY).build()) {
            client.callTool("echo", JsonObject.of("text", Json.of("one")));
            String first = lastSession();
            assertThat(delete(demo.endpoint(), first)).isEqualTo(200);
            int inits = proxy.seen("initialize").size();

            var r = client.callTool("echo", JsonObject.of("text", Json.of("two")));

            assertThat(RealServers.text(r)).isEqualTo("two");
            assertThat(proxy.seen("initialize")).hasSize(inits + 1);
            assertThat(lastSession()).isNotEqualTo(first);
            var calls = proxy.seen("tools/call");
            assertThat(calls.get(calls.size() - 2).status()).isEqualTo(404);
            assertThat(calls.getLast().header("Mcp-Session-Id")).isEqualTo(lastSession());
        }
    }

    @Test
    void closeSendsDeleteAndTheSessionIsGone() throws Exception {
        String session;
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.LEGACY).build()) {
            client.listAllTools();
            session = lastSession();
        }
        var delete = proxy.seen().getLast();
        assertThat(delete.httpMethod()).isEqualTo("DELETE");
        assertThat(delete.header("Mcp-Session-Id")).isEqualTo(session);
        assertThat(delete.status()).isEqualTo(200);
        assertThat(delete(demo.endpoint(), session)).isEqualTo(404);
    }

    @Test
    void modernCloseSendsNothing() {
        int before = proxy.seen().size();
        try (McpClient client = McpClient.builder(proxy.endpoint()).build()) {
            client.listAllTools();
        }
        assertThat(proxy.seen().subList(before, proxy.seen().size()))
                .noneMatch(s -> s.httpMethod().equals("DELETE"));
    }

    @Test
    void aSessionThatKeepsVanishingFailsAfterOneRetry() {
        // a legacy server that forgets every session at once
        try (FakeServer server = FakeServer.start((r, ex) -> {
            if ("initialize".equals(r.method())) {
                ex.getResponseHeaders().set("Mcp-Session-Id", "s-" + System.nanoTime());
                FakeServer.result(ex, r, "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                        + "\"serverInfo\":{\"name\":\"forgetful\",\"version\":\"1\"}}");
            } else if (r.method() != null && r.method().startsWith("notifications/")) {
                FakeServer.status(ex, 202);
            } else {
                FakeServer.json(ex, 404, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Session not found\"}}");
            }
        });
             McpClient client = McpClient.builder(server.endpoint()).era(Era.LEGACY).build()) {
            assertThatThrownBy(client::listAllTools).isInstanceOfSatisfying(McpClientException.class,
                    e -> assertThat(e.httpStatus()).isEqualTo(404));
            assertThat(server.received("initialize")).hasSize(2);
            assertThat(server.received("tools/list")).hasSize(2);
        }
    }

    @Test
    void aServerWithoutSessionsIsServedWithoutTheHeader() {
        try (FakeServer server = FakeServer.start((r, ex) -> {
            if ("initialize".equals(r.method())) {
                FakeServer.result(ex, r, "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                        + "\"serverInfo\":{\"name\":\"stateless-legacy\",\"version\":\"1\"}}");
            } else if (r.method() != null && r.method().startsWith("notifications/")) {
                FakeServer.status(ex, 202);
            } else {
                FakeServer.result(ex, r, "{\"tools\":[]}");
            }
        });
             McpClient client = McpClient.builder(server.endpoint()).era(Era.LEGACY).build()) {
            assertThat(client.listAllTools()).isEmpty();
            assertThat(client.protocolVersion()).isEqualTo("2025-06-18");
            client.close();
            assertThat(server.received()).allSatisfy(r -> assertThat(r.header("Mcp-Session-Id")).isNull());
            assertThat(server.received()).noneMatch(r -> r.httpMethod().equals("DELETE"));
            assertThat(server.received("tools/list").getFirst().header("MCP-Protocol-Version")).isEqualTo("2025-06-18");
        }
    }
}
