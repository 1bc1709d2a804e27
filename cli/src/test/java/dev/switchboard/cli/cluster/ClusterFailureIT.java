package dev.switchboard.cli.cluster;

import dev.switchboard.client.Era;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.McpClientException;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static dev.switchboard.cli.cluster.Wire.initialize;
import static dev.switchboard.cli.cluster.Wire.legacy;
import static dev.switchboard.cli.cluster.Wire.message;
import static dev.switchboard.cli.cluster.Wire.modern;
import static dev.switchboard.cli.cluster.Wire.modernBody;
import static dev.switchboard.cli.cluster.Wire.rpc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures of real processes under load: an instance killed with SIGKILL and restarted, then
 * Redis restarted (append-only file on); and a Redis outage with no load (degraded mode). Prints
 * what happened to every request.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES) // a hang fails, not stalls CI
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailureIT {
    private static final int OPERATIONS = 2_000;
    private static final int CONCURRENCY = 20;
    private static final Duration BOUND = Duration.ofMinutes(2);
    /** Operation n starts no earlier than n times this after the start: the load spans about 30 s. */
    private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(15);

    static Cluster cluster;
    static Wire wire;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start(3);
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
    }

    /** What the load saw. */
    static final class Tally {
        final LongAdder firstTry = new LongAdder();
        final LongAdder reissued = new LongAdder();
        final LongAdder lost = new LongAdder();
        final Map<String, LongAdder> retriable = new ConcurrentHashMap<>();
        final Map<String, LongAdder> fatal = new ConcurrentHashMap<>();
        final AtomicInteger done = new AtomicInteger();

        void count(Map<String, LongAdder> map, String kind) {
            map.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }

        static Map<String, Long> sorted(Map<String, LongAdder> map) {
            Map<String, Long> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    /** The kind of a failed attempt, or null when it is not one a client should retry. */
    static String retriable(Exception e) {
        if (e instanceof ErrorResponseException err) {
            return switch (err.code()) {
                case ErrorCode.UNAVAILABLE -> "json-rpc -31503 unavailable (HTTP " + err.httpStatus() + ")";
                case ErrorCode.RATE_LIMITED -> "json-rpc -31429 rate limited";
                default -> null;
            };
        }
        if (e instanceof McpClientException c) {
            return switch (c.kind()) {
                case TRANSPORT -> "connection failed";
                case TIMEOUT -> "timed out";
                case HTTP_STATUS -> c.httpStatus() == 502 || c.httpStatus() == 503 || c.httpStatus() == 504
                        // 502/504: nginx lost the backend mid-request; 503 without an id: a session
                        // lookup that needed Redis while it restarted
                        ? "HTTP " + c.httpStatus() + " (no JSON-RPC response)" : null;
                case INVALID_RESPONSE -> c.getMessage().contains("ended") || c.getMessage().contains("closed")
                        ? "stream ended without a response" : null;
                default -> null;
            };
        }
        return null;
    }

    @Test
    @Order(1)
    void killingAnInstanceAndRestartingRedisUnderLoadLosesNothing() throws Exception {
        // acknowledged before the chaos: a session, and a revocation
        String session = wire.post(cluster.endpoint(), legacy(null), initialize("{}")).headers()
                .firstValue("mcp-session-id").orElseThrow();
        String revoked = wire.post(cluster.endpoint(), legacy(null), initialize("{}")).headers()
                .firstValue("mcp-session-id").orElseThrow();
        assertThat(wire.delete(cluster.endpoint(), revoked).statusCode()).isEqualTo(200);

        Tally tally = new Tally();
        AtomicInteger next = new AtomicInteger();
        List<String> timeline = new ArrayList<>();
        CountDownLatch chaosDone = new CountDownLatch(1);
        long started = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY + 1);
        List<Future<?>> futures = new ArrayList<>();
        int[] redisBackAt = {OPERATIONS};
        futures.add(workers.submit(() -> chaos(tally, timeline, started, chaosDone, redisBackAt)));
        for (int w = 0; w < CONCURRENCY; w++) {
            int worker = w;
            futures.add(workers.submit(() -> load(worker, next, tally, started)));
        }
        workers.shutdown();
        boolean finished = workers.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS);
        workers.shutdownNow();
        for (Future<?> f : futures) {
            if (f.isDone()) {
                f.get();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf("%n== cluster failure test: %d operations, concurrency %d, 3 instances + Redis + nginx, %.1f s%n",
                OPERATIONS, CONCURRENCY, took.toMillis() / 1000.0);
        timeline.forEach(line -> System.out.println("   " + line));
        System.out.printf("   answered on the first try: %d%n", tally.firstTry.sum());
        System.out.printf("   answered after re-issue:   %d%n", tally.reissued.sum());
        System.out.printf("   never answered:            %d%n", tally.lost.sum());
        System.out.printf("   retriable failed attempts: %s%n", Tally.sorted(tally.retriable));
        System.out.printf("   other failures:            %s%n", Tally.sorted(tally.fatal));

        assertThat(finished).as("the load finished within %s", BOUND).isTrue();
        assertThat(chaosDone.getCount()).as("every failure was injected").isZero();
        assertThat(redisBackAt[0]).as("Redis came back while the load was still running").isLessThan(OPERATIONS);
        assertThat(tally.done.get()).isEqualTo(OPERATIONS);
        assertThat(tally.firstTry.sum() + tally.reissued.sum()).isEqualTo(OPERATIONS);
        assertThat(tally.lost.sum()).isZero();
        assertThat(tally.fatal).as("every failure was retriable").isEmpty();

        // what was acknowledged before survived the killed instance and the Redis restart
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = wire.post(cluster.instance(i), legacy(session), rpc(1, "ping", null));
            assertThat(r.statusCode()).as("the session opened before the chaos, on instance %d", i).isEqualTo(200);
            assertThat(wire.post(cluster.instance(i), legacy(revoked), rpc(1, "ping", null)).statusCode())
                    .as("the revocation made before the Redis restart, on instance %d", i).isEqualTo(404);
        }
    }

    /** Kills instance 1 with SIGKILL, restarts it, then restarts Redis, at fixed points of the load. */
    private void chaos(Tally tally, List<String> timeline, long started, CountDownLatch done, int[] redisBackAt) {
        try {
            awaitDone(tally, OPERATIONS / 5);
            cluster.kill(1);
            note(timeline, started, "SIGKILL instance 1 after " + tally.done.get() + " operations");
            awaitDone(tally, 2 * OPERATIONS / 5);
            cluster.restart(1);
            note(timeline, started, "instance 1 restarted, serving again after " + tally.done.get() + " operations");
            awaitDone(tally, 3 * OPERATIONS / 5);
            cluster.stopRedis();
            note(timeline, started, "Redis stopped after " + tally.done.get() + " operations");
            Thread.sleep(1_000);
            cluster.startRedis();
            redisBackAt[0] = tally.done.get();
            note(timeline, started, "Redis restarted from its append-only file after " + redisBackAt[0] + " operations");
            done.countDown();
        } catch (Exception e) {
            throw new IllegalStateException("failure injection failed", e);
        }
    }

    private static void awaitDone(Tally tally, int count) throws InterruptedException {
        while (tally.done.get() < count) {
            Thread.sleep(20);
        }
    }

    private static synchronized void note(List<String> timeline, long started, String what) {
        timeline.add(String.format("%6.1f s  %s", (System.nanoTime() - started) / 1e9, what));
    }

    /** One worker: a modern client (stateless calls and MRTR) and a session-era client, via the balancer. */
    private void load(int worker, AtomicInteger next, Tally tally, long started) {
        try (McpClient modern = McpClient.builder(cluster.endpoint()).era(Era.MODERN).requestTimeout(Duration.ofSeconds(10))
                .elicitation(request -> ElicitResult.accept(JsonObject.of(
                        "username", Json.of(request.message()), "email", Json.of("w" + worker + "@example.org"))))
                .build();
             McpClient legacy = McpClient.builder(cluster.endpoint()).era(Era.LEGACY).requestTimeout(Duration.ofSeconds(10))
                     .build()) {
            for (int op = next.getAndIncrement(); op < OPERATIONS; op = next.getAndIncrement()) {
                int n = op;
                long wait = started + n * PACE_NANOS - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(wait));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                runWithReissue(tally, () -> switch (n % 5) {
                    case 0, 1, 2 -> check(modern.callTool("test_simple_text", JsonObject.EMPTY), "This is a simple text response");
                    case 3 -> check(modern.callTool("test_elicitation", JsonObject.of("message", Json.of("op-" + n))), "op-" + n);
                    default -> check(legacy.callTool("test_simple_text", JsonObject.EMPTY), "This is a simple text response");
                });
            }
        }
    }

    private static CallToolResult check(CallToolResult r, String expected) {
        if (!r.toString().contains(expected) || Boolean.TRUE.equals(r.isError())) {
            throw new AssertionError("wrong answer: expected " + expected + " in " + r);
        }
        return r;
    }

    private interface Op {
        CallToolResult run() throws Exception;
    }

    private static void runWithReissue(Tally tally, Op op) {
        long backoff = 50;
        for (int attempt = 1; attempt <= 40; attempt++) {
            try {
                op.run();
                (attempt == 1 ? tally.firstTry : tally.reissued).increment();
                tally.done.incrementAndGet();
                return;
            } catch (Exception e) {
                String kind = retriable(e);
                if (kind == null) {
                    tally.count(tally.fatal, e.getClass().getSimpleName() + ": " + e.getMessage());
                    break;
                }
                tally.count(tally.retriable, kind);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = Math.min(1_000, backoff * 2);
            }
        }
        tally.lost.increment();
        tally.done.incrementAndGet();
    }

    @Test
    @Order(2)
    void withRedisDownStatelessCallsAndMrtrWorkAndSharedStateFailsFastThenRecovers() throws Exception {
        String session = wire.post(cluster.endpoint(), legacy(null), initialize("{}")).headers()
                .firstValue("mcp-session-id").orElseThrow();
        cluster.stopRedis();
        try (McpClient client = McpClient.builder(cluster.endpoint()).era(Era.MODERN)
                .elicitation(request -> ElicitResult.accept(JsonObject.of("username", Json.of("ada"), "email", Json.of("a@b.c"))))
                .build()) {
            for (int i = 0; i < 6; i++) { // every instance, twice
                assertThat(client.callTool("test_simple_text", JsonObject.EMPTY).toString()).contains("simple text");
                assertThat(client.callTool("test_elicitation", JsonObject.of("message", Json.of("hi"))).toString()).contains("a@b.c");
            }
        }
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = wire.post(cluster.instance(i), legacy(session), rpc(1, "tools/list", "{}"));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("instance %d failed fast", i).isLessThan(Duration.ofSeconds(4));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("retry-after")).isPresent();
            assertThat(message(r).getObject("error").getString("message")).contains("shared state store is unavailable");

            try (Wire.Stream listen = wire.open(cluster.instance(i), modern("subscriptions/listen", null),
                    modernBody(2, "subscriptions/listen", "\"notifications\":{\"toolsListChanged\":true}", "{}"))) {
                JsonObject first = listen.next(Duration.ofSeconds(5));
                assertThat(first).as("instance %d answered the listen", i).isNotNull();
                JsonObject error = first.getObject("error");
                assertThat(error).as("listen needs the shared bus, so it is refused, not acknowledged: %s", first).isNotNull();
                assertThat(error.getString("message")).contains("shared state store is unavailable");
            }
        }

        cluster.startRedis();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (int i = 0; i < 3; i++) {
            int status;
            do {
                status = wire.post(cluster.instance(i), legacy(session), rpc(3, "tools/list", "{}")).statusCode();
                if (status != 200) {
                    Thread.sleep(200);
                }
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status).as("instance %d recovered without operator action", i).isEqualTo(200);
        }
    }
}
