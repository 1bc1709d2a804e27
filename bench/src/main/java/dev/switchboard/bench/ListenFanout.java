package dev.switchboard.bench;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.embedded.InProcessEventBus;
import dev.switchboard.state.redis.RedisState;
import dev.switchboard.state.seal.KeyRing;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How long a list change made on one instance takes to reach {@code subscriptions/listen} streams
 * held by the others: three servers in this JVM, each with its own Redis connections (as three
 * instances would have), or sharing an in-process bus for the baseline; one listen stream on each
 * of the two others, over real HTTP. Reports p50/p99/max of change-to-notification latency.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.switchboard.bench.ListenFanout redis://127.0.0.1:6379 2000}
 * (or {@code embedded} instead of the URI).
 */
public final class ListenFanout {
    private ListenFanout() {
    }

    /** Entry point: the state ({@code embedded} or a redis:// URI) and the number of changes. */
    public static void main(String[] args) throws Exception {
        String state = args.length > 0 ? args[0] : "embedded";
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        KeyRing ring = KeyRing.generate();
        List<AutoCloseable> closing = new ArrayList<>();
        InProcessEventBus shared = new InProcessEventBus();
        McpServer[] servers = new McpServer[3];
        McpHttpServer[] http = new McpHttpServer[3];
        for (int i = 0; i < 3; i++) {
            EventBus bus = shared;
            if (!state.equals("embedded")) {
                RedisState redis = RedisState.connect(URI.create(state));
                closing.add(redis);
                servers[i] = DemoServer.create(b -> b.keyRing(ring).eventBus(redis.bus()).keyValue(redis.store()).counters(redis.store()));
            } else {
                servers[i] = DemoServer.create(b -> b.keyRing(ring).eventBus(bus));
            }
            http[i] = McpHttpServer.builder(servers[i]).port(0).start();
            closing.add(http[i]);
        }
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            BlockingQueue<Long> heardB = listen(client, http[1].endpoint());
            BlockingQueue<Long> heardC = listen(client, http[2].endpoint());
            Tool probe = Tool.of("probe", "a tool re-registered to announce a change", dev.switchboard.protocol.json.JsonObject.of(
                    "type", dev.switchboard.protocol.json.Json.of("object")));
            ToolHandler nothing = ToolHandler.of(call -> dev.switchboard.protocol.tools.CallToolResult.of(
                    dev.switchboard.protocol.content.TextContent.of("ok")));
            int warm = Math.min(500, changes);
            long[] latencies = new long[2 * changes];
            int n = 0;
            for (int i = 0; i < warm + changes; i++) {
                long t0 = System.nanoTime();
                servers[0].addTool(probe, nothing); // publishes tools list_changed on the bus
                Long b = heardB.poll(5, TimeUnit.SECONDS);
                Long c = heardC.poll(5, TimeUnit.SECONDS);
                if (b == null || c == null) {
                    throw new IllegalStateException("change " + i + " did not reach both listeners");
                }
                if (i >= warm) {
                    latencies[n++] = b - t0;
                    latencies[n++] = c - t0;
                }
                Thread.sleep(2);
            }
            Arrays.sort(latencies);
            System.out.printf("listen fan-out (%s), %d changes x 2 listeners on other instances: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                    state.equals("embedded") ? "in-process bus" : "Redis pub/sub", changes,
                    latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                    latencies[latencies.length - 1] / 1e6);
            client.shutdownNow(); // the listen streams stay open: close would wait for them
        } finally {
            for (AutoCloseable c : closing.reversed()) {
                c.close();
            }
            for (McpServer s : servers) {
                s.close();
            }
            shared.close();
        }
    }

    /** Opens a listen stream for tool changes; the queue receives the arrival time of each change. */
    private static BlockingQueue<Long> listen(HttpClient client, URI endpoint) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"l\",\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":"
                + "{\"toolsListChanged\":true},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        HttpRequest request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "subscriptions/listen").build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        String ack;
        do {
            ack = in.readLine();
        } while (ack != null && !ack.contains("acknowledged"));
        Thread.ofVirtual().start(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.contains("notifications/tools/list_changed")) {
                        heard.add(System.nanoTime());
                    }
                }
            } catch (Exception e) {
                // stream closed at the end
            }
        });
        return heard;
    }
}
