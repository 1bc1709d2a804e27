package dev.switchboard.cli.cluster;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ToolHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static dev.switchboard.cli.cluster.Wire.message;
import static dev.switchboard.cli.cluster.Wire.modern;
import static dev.switchboard.cli.cluster.Wire.modernBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three gateway instances (real JVMs) sharing Redis and a key ring behind nginx round robin, in
 * front of two upstream MCP servers: every instance serves the same federated catalog, calls reach
 * the right upstream whichever instance they land on, and killing a gateway under load loses no
 * acknowledged call.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class GatewayClusterIT {
    private static final int OPERATIONS = 300;
    private static final int CONCURRENCY = 8;

    static final Map<String, LongAdder> executed = new ConcurrentHashMap<>();
    static McpHttpServer upstreamA;
    static McpHttpServer upstreamB;
    static Cluster cluster;
    static Wire wire;

    private static McpHttpServer upstream(String name) throws Exception {
        JsonObject schema = (JsonObject) dev.switchboard.protocol.codec.Wire.parse(
                "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}");
        McpServer server = McpServer.builder("dev.switchboard/upstream-" + name, "1")
                .tool(Tool.of("echo", "Echoes text, naming the upstream", schema), ToolHandler.of(call -> {
                    String text = call.arguments().getString("text");
                    executed.computeIfAbsent(name + ":" + text, k -> new LongAdder()).increment();
                    return CallToolResult.of(TextContent.of(name + ": " + text));
                }))
                .build();
        return McpHttpServer.builder(server).port(0).start();
    }

    @BeforeAll
    static void start() throws Exception {
        upstreamA = upstream("a");
        upstreamB = upstream("b");
        Path config = Files.createTempFile("gateway-", ".yaml");
        Files.writeString(config, """
                upstreams:
                  a:
                    url: %s
                    prefix: ""
                  b:
                    url: %s
                """.formatted(upstreamA.endpoint(), upstreamB.endpoint()));
        cluster = Cluster.startGateways(3, config);
        wire = new Wire();
    }

    @AfterAll
    static void stop() {
        if (wire != null) {
            wire.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        for (McpHttpServer s : new McpHttpServer[]{upstreamA, upstreamB}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static HttpResponse<String> call(java.net.URI to, int id, String tool, String text)
            throws IOException, InterruptedException {
        return wire.post(to, modern("tools/call", tool), modernBody(id, "tools/call",
                "\"name\":\"" + tool + "\",\"arguments\":{\"text\":\"" + text + "\"}", "{}"));
    }

    private static String text(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject result = message(r).getObject("result");
        assertThat(result).as(r.body()).isNotNull();
        return ((JsonObject) ((dev.switchboard.protocol.json.JsonArray) result.get("content")).get(0)).getString("text");
    }

    @Test
    void everyInstanceServesTheSameFederatedCatalog() throws Exception {
        List<List<String>> names = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            HttpResponse<String> r = wire.post(cluster.instance(i), modern("tools/list", null),
                    modernBody(1, "tools/list", null, "{}"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            List<String> n = new ArrayList<>();
            for (Json t : ((dev.switchboard.protocol.json.JsonArray) message(r).getObject("result").get("tools")).values()) {
                n.add(((JsonObject) t).getString("name"));
            }
            names.add(n.stream().sorted().toList());
        }
        assertThat(names.getFirst()).containsExactly("b__echo", "echo");
        assertThat(names).allSatisfy(n -> assertThat(n).isEqualTo(names.getFirst()));
    }

    @Test
    void callsReachTheRightUpstreamWhicheverInstanceServesThem() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(text(call(cluster.endpoint(), i, "echo", "hello-" + i))).isEqualTo("a: hello-" + i);
            assertThat(text(call(cluster.endpoint(), i, "b__echo", "hello-" + i))).isEqualTo("b: hello-" + i);
        }
    }

    @Test
    void killingAGatewayUnderLoadLosesNoAcknowledgedCall() throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        LongAdder reissued = new LongAdder();
        Map<String, LongAdder> retriable = new ConcurrentHashMap<>();
        Map<String, LongAdder> fatal = new ConcurrentHashMap<>();
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch killed = new CountDownLatch(1);
        ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY + 1);
        List<Future<?>> futures = new ArrayList<>();
        futures.add(workers.submit(() -> {
            while (done.get() < OPERATIONS / 3) {
                Thread.sleep(5);
            }
            cluster.kill(1);
            killed.countDown();
            while (done.get() < 2 * OPERATIONS / 3) {
                Thread.sleep(5);
            }
            cluster.restart(1);
            return null;
        }));
        for (int w = 0; w < CONCURRENCY; w++) {
            futures.add(workers.submit(() -> {
                for (int op; (op = next.getAndIncrement()) < OPERATIONS; ) {
                    String text = "load-" + op;
                    for (int attempt = 0; ; attempt++) {
                        String kind;
                        try {
                            HttpResponse<String> r = call(cluster.endpoint(), op, "echo", text);
                            if (r.statusCode() == 200 && message(r).getObject("result") != null) {
                                assertThat(text(r)).isEqualTo("a: " + text);
                                acknowledged.add(text);
                                if (attempt > 0) {
                                    reissued.increment();
                                }
                                break;
                            }
                            kind = r.statusCode() >= 502 ? "HTTP " + r.statusCode() : null;
                            if (kind == null) {
                                fatal.computeIfAbsent("HTTP " + r.statusCode() + " " + r.body(), k -> new LongAdder()).increment();
                                break;
                            }
                        } catch (IOException e) {
                            kind = "connection: " + e.getClass().getSimpleName();
                        }
                        retriable.computeIfAbsent(kind, k -> new LongAdder()).increment();
                        if (attempt >= 20) {
                            fatal.computeIfAbsent("gave up after 20 attempts", k -> new LongAdder()).increment();
                            break;
                        }
                        Thread.sleep(50);
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        workers.shutdown();
        assertThat(workers.awaitTermination(3, TimeUnit.MINUTES)).as("the load finished").isTrue();
        for (Future<?> f : futures) {
            f.get();
        }
        System.out.printf("%n== gateway cluster failure test: %d calls, concurrency %d, 3 gateways + Redis + nginx%n",
                OPERATIONS, CONCURRENCY);
        System.out.printf("   answered: %d (after re-issue: %d); retriable failed attempts: %s; other failures: %s%n",
                acknowledged.size(), reissued.sum(), retriable, fatal);
        assertThat(killed.getCount()).as("a gateway was killed during the load").isZero();
        assertThat(fatal).as("every failure was retriable").isEmpty();
        assertThat(acknowledged).hasSize(OPERATIONS);
        for (String text : acknowledged) {
            assertThat(executed.get("a:" + text)).as("the upstream ran acknowledged call " + text).isNotNull();
        }
        assertThat(text(call(cluster.instance(1), 1, "echo", "after restart"))).isEqualTo("a: after restart");
    }
}
