package dev.switchboard.client;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.tools.CallToolRequest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clients sharing a {@link SessionStore} speak on one session: one {@code initialize} for all, one
 * more when the server forgot it, the logging level set once for all, and no DELETE on close.
 */
class SharedSessionTest extends DemoBehindProxy {

    /** The simplest store: one session in memory, counting what the clients asked of it. */
    static final class OneSession implements SessionStore {
        private Session current;
        private LoggingLevel level;
        int opened;
        int replaced;

        @Override
        public synchronized Session open(Supplier<Session> initialize) {
            opened++;
            if (current == null) {
                current = initialize.get();
            }
            return current;
        }

        @Override
        public synchronized Session replace(Session gone, Supplier<Session> initialize) {
            replaced++;
            if (current == null || current.equals(gone)) {
                current = initialize.get();
                level = null;
            }
            return current;
        }

        @Override
        public synchronized LoggingLevel level(Session session) {
            return session.equals(current) ? level : null;
        }

        @Override
        public synchronized void level(Session session, LoggingLevel level) {
            if (session.equals(current)) {
                this.level = level;
            }
        }
    }

    private static McpClient client(SessionStore store) {
        return McpClient.builder(proxy.endpoint()).era(Era.LEGACY).sessionStore(store).build();
    }

    private static String echo(McpClient client, String text) {
        return RealServers.text(client.callTool("echo", JsonObject.of("text", Json.of(text))));
    }

    @Test
    void twoClientsSpeakOnOneSessionAndNeitherEndsIt() throws Exception {
        OneSession store = new OneSession();
        int inits = proxy.seen("initialize").size();
        try (McpClient a = client(store); McpClient b = client(store)) {
            assertThat(echo(a, "from a")).isEqualTo("from a");
            assertThat(echo(b, "from b")).isEqualTo("from b");
            assertThat(b.serverInfo()).isEqualTo(a.serverInfo());
            assertThat(b.protocolVersion()).isEqualTo(a.protocolVersion());
        }
        assertThat(proxy.seen("initialize")).hasSize(inits + 1);
        var calls = proxy.seen("tools/call");
        String session = store.current.id();
        assertThat(calls.subList(calls.size() - 2, calls.size()))
                .allSatisfy(c -> assertThat(c.header("Mcp-Session-Id")).isEqualTo(session));
        assertThat(proxy.seen()).noneMatch(s -> s.httpMethod().equals("DELETE") && session.equals(s.header("Mcp-Session-Id")));
        // the session is still open on the server: a third client adopts it and is served
        try (McpClient c = client(store)) {
            assertThat(echo(c, "later")).isEqualTo("later");
        }
        assertThat(proxy.seen("initialize")).hasSize(inits + 1);
    }

    @Test
    void aForgottenSessionIsReplacedOnceAndTheOtherClientAdoptsTheReplacement() throws Exception {
        OneSession store = new OneSession();
        try (McpClient a = client(store); McpClient b = client(store)) {
            echo(a, "one");
            echo(b, "one");
            String first = store.current.id();
            int inits = proxy.seen("initialize").size();
            try (HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                assertThat(jdk.send(HttpRequest.newBuilder(demo.endpoint()).DELETE().header("Mcp-Session-Id", first).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            }

            assertThat(echo(a, "two")).isEqualTo("two"); // 404, initializes again, retries
            assertThat(echo(b, "two")).isEqualTo("two"); // 404, adopts a's new session, retries

            assertThat(proxy.seen("initialize")).hasSize(inits + 1);
            assertThat(store.replaced).isEqualTo(2);
            String second = store.current.id();
            assertThat(second).isNotEqualTo(first);
            var calls = proxy.seen("tools/call");
            assertThat(calls.getLast().header("Mcp-Session-Id")).isEqualTo(second);
            assertThat(calls.get(calls.size() - 2).status()).isEqualTo(404);
        }
    }

    @Test
    void theLoggingLevelIsSetOnceForEveryClientOfTheSession() {
        OneSession store = new OneSession();
        int before = proxy.seen("logging/setLevel").size();
        CallOptions info = CallOptions.builder().onLog(LoggingLevel.INFO, l -> { }).build();
        CallOptions errors = CallOptions.builder().onLog(LoggingLevel.ERROR, l -> { }).build();
        try (McpClient a = client(store); McpClient b = client(store)) {
            a.callTool(CallToolRequest.of("echo", JsonObject.of("text", Json.of("a"))), info);
            b.callTool(CallToolRequest.of("echo", JsonObject.of("text", Json.of("b"))), info); // already info
            b.callTool(CallToolRequest.of("echo", JsonObject.of("text", Json.of("c"))), errors);
            a.callTool(CallToolRequest.of("echo", JsonObject.of("text", Json.of("d"))), info); // b lowered it
        }
        assertThat(proxy.seen("logging/setLevel")).hasSize(before + 3)
                .extracting(s -> s.body().getObject("params").getString("level")).endsWith("info", "error", "info");
    }

    @Test
    void aStdioClientTakesNoStore() {
        assertThatThrownBy(() -> McpClient.builder(java.util.List.of("true")).sessionStore(new OneSession()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HTTP clients only");
    }
}
