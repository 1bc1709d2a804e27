package dev.switchboard.http;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ToolHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SSE responses, listen streams, cancellation by disconnect, and isolation under load. */
class StreamingTest {
    TestServers fixtures;
    McpServer server;
    McpHttpServer http;
    Http client;

    @BeforeEach
    void start() throws Exception {
        fixtures = new TestServers();
        server = fixtures.build();
        http = McpHttpServer.builder(server).port(0).keepAlive(java.time.Duration.ofMillis(200)).start();
        client = new Http(http.endpoint());
    }

    @AfterEach
    void stop() {
        fixtures.blockRelease.countDown();
        http.close();
    }

    @Test
    void answersPlainJsonWhenNothingStreams() throws Exception {
        Http.Reply r = client.call("tools/call", "echo", "\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}");
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        JsonObject result = r.object().getObject("result");
        assertThat(result.getString("resultType")).isEqualTo("complete");
        assertThat(result.getObject("_meta").getObject("io.modelcontextprotocol/serverInfo").getString("name"))
                .isEqualTo("dev.switchboard/test");
    }

    @Test
    void streamsProgressAndRequestedLogsBeforeTheResult() throws Exception {
        Http.Reply r = client.post(Http.headers("tools/call", "steps"), Http.body("s1", "tools/call",
                "\"name\":\"steps\",\"arguments\":{\"n\":3}", "{}",
                ",\"progressToken\":\"tok\",\"io.modelcontextprotocol/logLevel\":\"info\""));
        assertThat(r.headers().get("content-type")).startsWith("text/event-stream");
        assertThat(r.headers().get("x-accel-buffering")).isEqualTo("no");
        List<JsonObject> events = r.events();
        List<String> methods = events.stream().map(e -> e.getString("method")).toList();
        assertThat(methods.subList(0, 6)).containsExactly("notifications/progress", "notifications/message",
                "notifications/progress", "notifications/message", "notifications/progress", "notifications/message");
        assertThat(events.get(0).getObject("params").getString("progressToken")).isEqualTo("tok");
        assertThat(r.body()).doesNotContain("debug 1");
        JsonObject last = events.getLast();
        assertThat(last.getString("id")).isEqualTo("s1");
        assertThat(last.getObject("result").toString()).contains("done");
    }

    @Test
    void sendsNoLogsOrProgressWithoutOptIn() throws Exception {
        Http.Reply r = client.call("tools/call", "steps", "\"name\":\"steps\",\"arguments\":{\"n\":3}");
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        assertThat(r.body()).doesNotContain("notifications/");
    }

    @Test
    void listenAcknowledgesFirstThenDeliversOptedInChanges() throws Exception {
        try (Socket s = openListen("{\"toolsListChanged\":true}")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            JsonObject ack = nextEvent(in);
            assertThat(ack.getString("method")).isEqualTo("notifications/subscriptions/acknowledged");
            assertThat(ack.getObject("params").getObject("_meta").get("io.modelcontextprotocol/subscriptionId").toString())
                    .isEqualTo("42");
            server.addPrompt(dev.switchboard.protocol.prompts.Prompt.of("p", "a prompt"),
                    get -> dev.switchboard.server.Outcome.complete(dev.switchboard.protocol.prompts.GetPromptResult.of("d")));
            server.addTool(Tool.of("late", "added later", TestServers.schema("{\"type\":\"object\"}")),
                    ToolHandler.of(c -> CallToolResult.of(TextContent.of("x"))));
            JsonObject change = nextEvent(in);
            assertThat(change.getString("method")).as("prompt changes were not opted into")
                    .isEqualTo("notifications/tools/list_changed");
            assertThat(change.getObject("params").getObject("_meta").get("io.modelcontextprotocol/subscriptionId").toString())
                    .isEqualTo("42");
            server.close(); // graceful end: the completion result carrying the subscription id
            JsonObject end = nextEvent(in);
            assertThat(end.get("id").toString()).isEqualTo("42");
            assertThat(end.getObject("result").getString("resultType")).isEqualTo("complete");
            assertThat(end.getObject("result").getObject("_meta").get("io.modelcontextprotocol/subscriptionId").toString())
                    .isEqualTo("42");
        }
    }

    @Test
    void keepsQuietListenStreamsAliveWithComments() throws Exception {
        try (Socket s = openListen("{}")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            nextEvent(in);
            String line;
            while ((line = in.readLine()) != null && !line.startsWith(":")) {
                // skip to the first comment
            }
            assertThat(line).startsWith(": keep-alive");
        }
    }

    @Test
    void cancelsTheHandlerWhenTheClientDisconnects() throws Exception {
        Socket s = new Socket(http.endpoint().getHost(), http.endpoint().getPort());
        write(s, Http.headers("tools/call", "block"), Http.body(1, "tools/call", "\"name\":\"block\",\"arguments\":{}"));
        assertThat(fixtures.blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
        s.close();
        assertThat(fixtures.blockCancelled.await(10, TimeUnit.SECONDS)).as("handler interrupted after disconnect").isTrue();
        assertThat(client.call("tools/list", null, "").status()).isEqualTo(200);
    }

    @Test
    void oneSlowHandlerDoesNotBlockAThousandOthers() throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        Future<Http.Reply> slow = pool.submit(() -> client.call("tools/call", "block", "\"name\":\"block\",\"arguments\":{}"));
        assertThat(fixtures.blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Http.Reply>> others = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String text = "m" + i;
            others.add(pool.submit(() -> client.call("tools/call", "echo",
                    "\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}")));
        }
        for (int i = 0; i < others.size(); i++) {
            Http.Reply r = others.get(i).get(60, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("\"m" + i + "\"");
        }
        assertThat(slow.isDone()).as("the slow call is still blocked").isFalse();
        fixtures.blockRelease.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS).body()).contains("released");
        pool.shutdown();
    }

    private Socket openListen(String filter) throws Exception {
        Socket s = new Socket(http.endpoint().getHost(), http.endpoint().getPort());
        s.setSoTimeout(10_000);
        write(s, Http.headers("subscriptions/listen", null),
                Http.body(42, "subscriptions/listen", "\"notifications\":" + filter));
        return s;
    }

    private void write(Socket s, java.util.Map<String, String> headers, String body) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(b.length).append("\r\n\r\n");
        OutputStream out = s.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.flush();
    }

    private static JsonObject nextEvent(BufferedReader in) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return (JsonObject) dev.switchboard.protocol.codec.Wire.parse(line.substring(6));
            }
        }
        throw new AssertionError("stream ended");
    }
}
