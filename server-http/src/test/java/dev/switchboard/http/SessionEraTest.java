package dev.switchboard.http;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.McpServer;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.embedded.InProcessEventBus;
import dev.switchboard.state.seal.KeyRing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session-era clients on the same endpoint, served by two instances that share only the key
 * ring, the event bus and the shared store: what one instance opened the other serves.
 */
class SessionEraTest {
    TestServers fixtures;
    InProcessEventBus bus;
    InMemoryStore store;
    McpServer serverA;
    McpServer serverB;
    McpHttpServer a;
    McpHttpServer b;

    @BeforeEach
    void start() throws Exception {
        fixtures = new TestServers();
        bus = new InProcessEventBus();
        store = new InMemoryStore();
        KeyRing ring = KeyRing.generate();
        serverA = fixtures.builder().keyRing(ring).eventBus(bus).keyValue(store).counters(store)
                .inputTimeout(Duration.ofSeconds(2)).build();
        serverB = fixtures.builder().keyRing(ring).eventBus(bus).keyValue(store).counters(store)
                .inputTimeout(Duration.ofSeconds(2)).build();
        a = McpHttpServer.builder(serverA).port(0).start();
        b = McpHttpServer.builder(serverB).port(0).start();
    }

    @AfterEach
    void stop() {
        fixtures.blockRelease.countDown();
        a.close();
        b.close();
        bus.close();
    }

    static Map<String, String> legacyHeaders(String session) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json, text/event-stream");
        if (session != null) {
            h.put("Mcp-Session-Id", session);
            h.put("MCP-Protocol-Version", "2025-11-25");
        }
        return h;
    }

    static String init(String version, String caps) {
        return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":" + caps + ",\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    }

    static String rpc(Object id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    String initialize(McpHttpServer on, String caps) throws Exception {
        Http.Reply r = new Http(on.endpoint()).post(legacyHeaders(null), init("2025-11-25", caps));
        assertThat(r.status()).isEqualTo(200);
        String sid = r.headers().get("mcp-session-id");
        assertThat(sid).matches("[\\x21-\\x7E]+");
        return sid;
    }

    @Test
    void negotiatesTheVersionAndMintsAVisibleAsciiSessionId() throws Exception {
        Http.Reply r = new Http(a.endpoint()).post(legacyHeaders(null), init("2025-06-18", "{}"));
        JsonObject result = r.object().getObject("result");
        assertThat(result.getString("protocolVersion")).isEqualTo("2025-06-18");
        assertThat(result.getObject("serverInfo").getString("name")).isEqualTo("dev.switchboard/test");
        assertThat(result.has("resultType")).as("no 2026-only members on the session wire").isFalse();
        assertThat(r.headers().get("mcp-session-id")).matches("[\\x21-\\x7E]+");
        Http.Reply newer = new Http(a.endpoint()).post(legacyHeaders(null), init("2099-01-01", "{}"));
        assertThat(newer.object().getObject("result").getString("protocolVersion")).isEqualTo("2025-11-25");
    }

    @Test
    void aSessionOpenedOnOneInstanceIsServedByAnother() throws Exception {
        String sid = initialize(a, "{}");
        Http.Reply initialized = new Http(b.endpoint()).post(legacyHeaders(sid),
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(initialized.status()).isEqualTo(202);
        Http.Reply call = new Http(b.endpoint()).post(legacyHeaders(sid),
                rpc(1, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"via B\"}}"));
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.object().getObject("result").toString()).contains("via B").doesNotContain("resultType");
        Http.Reply ping = new Http(b.endpoint()).post(legacyHeaders(sid), rpc(2, "ping", null));
        assertThat(ping.object().getObject("result")).isEqualTo(JsonObject.EMPTY);
    }

    @Test
    void deleteEndsTheSessionEverywhere() throws Exception {
        String sid = initialize(a, "{}");
        assertThat(new Http(b.endpoint()).send("DELETE", legacyHeaders(sid), new byte[0]).status()).isEqualTo(200);
        assertThat(new Http(a.endpoint()).post(legacyHeaders(sid), rpc(3, "tools/list", null)).status()).isEqualTo(404);
        assertThat(new Http(b.endpoint()).post(legacyHeaders(sid), rpc(3, "tools/list", null)).status()).isEqualTo(404);
    }

    @Test
    void refusesForgedForeignAndMissingSessions() throws Exception {
        String sid = initialize(a, "{}");
        String forged = sid.substring(0, sid.length() - 2) + (sid.endsWith("A") ? "BB" : "AA");
        assertThat(new Http(a.endpoint()).post(legacyHeaders(forged), rpc(4, "tools/list", null)).status()).isEqualTo(404);
        // a server with another key ring cannot read the id
        McpServer other = new TestServers().builder().build();
        try (McpHttpServer c = McpHttpServer.builder(other).port(0).start()) {
            assertThat(new Http(c.endpoint()).post(legacyHeaders(sid), rpc(4, "tools/list", null)).status()).isEqualTo(404);
        }
        Map<String, String> noSession = legacyHeaders(null);
        noSession.put("MCP-Protocol-Version", "2025-11-25");
        Http.Reply missing = new Http(a.endpoint()).post(noSession, rpc(5, "tools/list", null));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.object().getObject("error").getString("message")).contains("Mcp-Session-Id");
    }

    @Test
    void aModernRequestWithAStaleSessionIdIsServedStatelessly() throws Exception {
        Map<String, String> h = Http.headers("tools/list", null);
        h.put("Mcp-Session-Id", "not-a-session");
        Http.Reply r = new Http(a.endpoint()).post(h, Http.body(6, "tools/list", ""));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).doesNotContainKey("mcp-session-id");
    }

    @Test
    void sessionSettingsAreSharedAndMethodsAnswerEmptyResults() throws Exception {
        String sid = initialize(a, "{}");
        Http.Reply level = new Http(a.endpoint()).post(legacyHeaders(sid), rpc(7, "logging/setLevel", "{\"level\":\"warning\"}"));
        assertThat(level.object().getObject("result")).isEqualTo(JsonObject.EMPTY);
        // the level set through A filters logs of a call served by B
        Http.Reply call = new Http(b.endpoint()).post(legacyHeaders(sid),
                rpc(8, "tools/call", "{\"name\":\"steps\",\"arguments\":{\"n\":2},\"_meta\":{\"progressToken\":\"p\"}}"));
        assertThat(call.body()).contains("notifications/progress").doesNotContain("notifications/message");
        Http.Reply bad = new Http(a.endpoint()).post(legacyHeaders(sid), rpc(9, "logging/setLevel", "{\"level\":\"loud\"}"));
        assertThat(bad.errorCode()).isEqualTo(-32602);
    }

    @Test
    void resourceNotFoundIsTheSessionEraCode() throws Exception {
        McpServer withResources = new TestServers().builder()
                .resource(dev.switchboard.protocol.resources.Resource.of("test://a", "a", "text/plain"),
                        dev.switchboard.server.ResourceHandler.of(r -> java.util.List.of(
                                dev.switchboard.protocol.content.TextResourceContents.of(r.uri(), "text/plain", "x"))))
                .build();
        try (McpHttpServer c = McpHttpServer.builder(withResources).port(0).start()) {
            String sid = initialize(c, "{}");
            Http.Reply r = new Http(c.endpoint()).post(legacyHeaders(sid), rpc(10, "resources/read", "{\"uri\":\"test://nope\"}"));
            assertThat(r.errorCode()).isEqualTo(-32002);
        }
    }

    @Test
    void anElicitationAskedOnOneInstanceIsAnsweredThroughAnother() throws Exception {
        String sid = initialize(a, "{\"elicitation\":{}}");
        try (Socket s = openPost(a, sid, rpc(11, "tools/call", "{\"name\":\"ask\",\"arguments\":{}}"))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            JsonObject ask = nextEvent(in);
            assertThat(ask.getString("method")).isEqualTo("elicitation/create");
            assertThat(ask.getObject("params").getString("message")).isEqualTo("Name?");
            String reply = "{\"jsonrpc\":\"2.0\",\"id\":" + ask.get("id") + ",\"result\":{\"action\":\"accept\","
                    + "\"content\":{\"name\":\"Grace\"}}}";
            assertThat(new Http(b.endpoint()).post(legacyHeaders(sid), reply).status()).isEqualTo(202);
            JsonObject done = nextEvent(in);
            assertThat(done.get("id").toString()).isEqualTo("11");
            assertThat(done.getObject("result").toString()).contains("hi Grace");
        }
    }

    @Test
    void anElicitationNobodyAnswersTimesOutWithAClearErrorAndLeavesNothingBehind() throws Exception {
        String sid = initialize(a, "{\"elicitation\":{}}");
        try (Socket s = openPost(a, sid, rpc(12, "tools/call", "{\"name\":\"ask\",\"arguments\":{}}"))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            JsonObject ask = nextEvent(in);
            JsonObject failed = nextEvent(in);
            assertThat(failed.getObject("error").getString("message")).contains("did not answer elicitation/create");
            // a late answer finds nothing waiting: the question was forgotten
            String late = "{\"jsonrpc\":\"2.0\",\"id\":" + ask.get("id") + ",\"result\":{\"action\":\"decline\"}}";
            assertThat(new Http(a.endpoint()).post(legacyHeaders(sid), late).status()).isEqualTo(400);
        }
    }

    @Test
    void answersForUnknownOrForeignRequestIdsAreRefused() throws Exception {
        String mine = initialize(a, "{\"elicitation\":{}}");
        String other = initialize(a, "{\"elicitation\":{}}");
        try (Socket s = openPost(a, mine, rpc(13, "tools/call", "{\"name\":\"ask\",\"arguments\":{}}"))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            JsonObject ask = nextEvent(in);
            String answer = "{\"jsonrpc\":\"2.0\",\"id\":" + ask.get("id") + ",\"result\":{\"action\":\"accept\","
                    + "\"content\":{\"name\":\"Mallory\"}}}";
            assertThat(new Http(a.endpoint()).post(legacyHeaders(other), answer).status())
                    .as("another session cannot answer this session's question").isEqualTo(400);
            String unknown = "{\"jsonrpc\":\"2.0\",\"id\":\"sb.nothere.1\",\"result\":{}}";
            assertThat(new Http(a.endpoint()).post(legacyHeaders(mine), unknown).status()).isIn(202, 400);
            assertThat(new Http(a.endpoint()).post(legacyHeaders(mine),
                    "{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}").status()).isEqualTo(400);
            assertThat(new Http(a.endpoint()).post(legacyHeaders(mine), answer.replace("Mallory", "Me")).status())
                    .isEqualTo(202);
            assertThat(nextEvent(in).getObject("result").toString()).contains("hi Me");
        }
    }

    /** Sends the session's GET on {@code s} and reads up to the first keep-alive: the stream is open. */
    private static BufferedReader openGetStream(Socket s, String sid) throws Exception {
        s.setSoTimeout(10_000);
        String head = "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + sid
                + "\r\nMCP-Protocol-Version: 2025-11-25\r\n\r\n";
        s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.startsWith(":")) {
            // headers, then the first keep-alive comment
        }
        return in;
    }

    @Test
    void stoppingTheServerEndsOpenGetStreamsPromptly() throws Exception {
        String sid = initialize(b, "{}");
        try (Socket s = new Socket(b.endpoint().getHost(), b.endpoint().getPort())) {
            BufferedReader in = openGetStream(s, sid);
            long started = System.nanoTime();
            b.close(); // no graceful-stop timeout, no exception
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            while (in.readLine() != null) {
                // drain until the server closes the stream
            }
        }
    }

    @Test
    void theGetStreamOfASessionCarriesChangesMadeOnAnotherInstance() throws Exception {
        String sid = initialize(a, "{}");
        try (Socket s = new Socket(b.endpoint().getHost(), b.endpoint().getPort())) {
            BufferedReader in = openGetStream(s, sid);
            assertThat(new Http(b.endpoint()).send("GET", Map.of("Accept", "text/event-stream", "Mcp-Session-Id", sid),
                    new byte[0]).status()).as("one GET stream per session").isEqualTo(409);
            serverA.addTool(dev.switchboard.protocol.tools.Tool.of("new", "new tool", TestServers.schema("{\"type\":\"object\"}")),
                    dev.switchboard.server.ToolHandler.of(c -> dev.switchboard.protocol.tools.CallToolResult.of()));
            assertThat(nextEvent(in).getString("method")).isEqualTo("notifications/tools/list_changed");
        }
    }

    @Test
    void getWithoutASessionIs405AndWithAGoneOneIs404() throws Exception {
        assertThat(new Http(a.endpoint()).send("GET", Map.of("Accept", "text/event-stream"), new byte[0]).status())
                .isEqualTo(405);
        assertThat(new Http(a.endpoint()).send("GET", Map.of("Accept", "text/event-stream", "Mcp-Session-Id", "x"),
                new byte[0]).status()).isEqualTo(404);
    }

    private static Socket openPost(McpHttpServer on, String sid, String body) throws Exception {
        Socket s = new Socket(on.endpoint().getHost(), on.endpoint().getPort());
        s.setSoTimeout(10_000);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        legacyHeaders(sid).forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(b.length).append("\r\n\r\n");
        OutputStream out = s.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.flush();
        return s;
    }

    private static JsonObject nextEvent(BufferedReader in) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return (JsonObject) Wire.parse(line.substring(6));
            }
        }
        throw new AssertionError("stream ended");
    }
}
