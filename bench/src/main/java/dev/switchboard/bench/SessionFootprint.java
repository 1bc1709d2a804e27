package dev.switchboard.bench;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.server.McpServer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Does memory grow with idle session-era sessions? Opens N sessions against an in-process demo
 * server (initialize, notifications/initialized, one tools/list each), leaves them idle, and
 * reports the live heap before and after, each after full GCs.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.switchboard.bench.SessionFootprint 10000}
 */
public final class SessionFootprint {
    private SessionFootprint() {
    }

    /** Entry point: the number of sessions (default 10,000). */
    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        McpServer server = DemoServer.create();
        try (McpHttpServer http = McpHttpServer.builder(server).port(0).start();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            URI endpoint = http.endpoint();
            // warm the path so class loading and JIT structures are in the baseline, not the delta
            open(client, endpoint, 200, pool);
            long before = liveHeap();
            List<String> ids = open(client, endpoint, sessions, pool);
            long distinct = ids.stream().distinct().count();
            double meanLength = ids.stream().mapToInt(String::length).average().orElse(0);
            ids.clear(); // the client's copy of the ids is not the server's memory
            long after = liveHeap();
            System.out.printf("sessions opened: %d (distinct ids: %d, mean id length %.0f characters)%n",
                    sessions, distinct, meanLength);
            System.out.printf("live heap before: %.1f MB, after: %.1f MB, delta: %.1f MB (%.0f bytes per session)%n",
                    before / 1e6, after / 1e6, (after - before) / 1e6, (after - before) / (double) sessions);
        } finally {
            server.close();
        }
    }

    private static List<String> open(HttpClient client, URI endpoint, int n, ExecutorService pool) throws Exception {
        Semaphore inFlight = new Semaphore(32);
        List<Future<String>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            futures.add(pool.submit(() -> {
                try {
                    return session(client, endpoint);
                } finally {
                    inFlight.release();
                }
            }));
        }
        List<String> ids = new ArrayList<>(n);
        for (Future<String> f : futures) {
            ids.add(f.get());
        }
        return ids;
    }

    private static String session(HttpClient client, URI endpoint) throws Exception {
        HttpResponse<String> init = client.send(post(endpoint, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"probe\","
                + "\"version\":\"1\"}}}"), HttpResponse.BodyHandlers.ofString());
        String id = init.headers().firstValue("mcp-session-id").orElseThrow(() -> new IllegalStateException(init.body()));
        client.send(post(endpoint, id, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> list = client.send(post(endpoint, id, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"),
                HttpResponse.BodyHandlers.ofString());
        if (!list.body().contains("echo")) {
            throw new IllegalStateException("tools/list failed: " + list.body());
        }
        return id;
    }

    private static HttpRequest post(URI endpoint, String session, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return b.build();
    }

    private static long liveHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
