package dev.switchboard.state.redis;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.contract.Await;
import dev.switchboard.state.contract.JsonSamples;
import dev.switchboard.state.contract.Recorder;
import dev.switchboard.state.kv.Acquisition;
import dev.switchboard.state.kv.SlidingWindow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.switchboard.state.contract.JsonSamples.numbered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@link RedisState}s on one Redis stand for two Switchboard instances: each sees the other's
 * keys, sets, sliding windows, marks and events, while another namespace sees none of them. Also pins the
 * layout in Redis (JSON text under namespaced keys, every key with a TTL) and the hand-off that
 * keeps a slow handler from stalling other topics or the connection.
 */
class RedisSharedStateTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> rawConnection;
    private static RedisCommands<String, String> raw;

    /** The start of a 60 s (and a 30 s) window. */
    private static final long T0 = 1_700_000_040_000L;

    private RedisState a;
    private RedisState b;
    private String prefix;

    @BeforeAll
    static void connectRaw() {
        rawClient = RedisClient.create(REDIS.uri().toString());
        rawConnection = rawClient.connect();
        raw = rawConnection.sync();
    }

    @AfterAll
    static void disconnectRaw() {
        rawConnection.close();
        rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @BeforeEach
    void connect() {
        a = RedisState.connect(REDIS.uri());
        b = RedisState.connect(REDIS.uri());
        prefix = "shared:" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void disconnect() {
        a.close();
        b.close();
    }

    private String key(String name) {
        return prefix + name;
    }

    @Test
    void aValueWrittenByOneInstanceIsReadAndDeletedByAnother() {
        JsonObject value = JsonSamples.awkward();
        a.store().put(key("k"), value, Duration.ofMinutes(1));
        assertThat(b.store().get(key("k"))).isEqualTo(value);
        b.store().delete(key("k"));
        assertThat(a.store().get(key("k"))).isNull();
    }

    @Test
    void aSetIsSharedByEveryInstance() {
        a.store().addToSet(key("s"), "from-a", Duration.ofMinutes(1));
        b.store().addToSet(key("s"), "from-b", Duration.ofMinutes(1));
        assertThat(a.store().members(key("s"))).containsExactlyInAnyOrder("from-a", "from-b");
        a.store().removeFromSet(key("s"), "from-b");
        assertThat(b.store().members(key("s"))).containsExactly("from-a");
    }

    @Test
    void aSlidingWindowIsGlobalAcrossInstances() {
        SlidingWindow tenAMinute = new SlidingWindow(10, Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) {
            assertThat((i % 2 == 0 ? a : b).store().acquire(key("c"), tenAMinute, T0).allowed()).isTrue();
        }
        Acquisition refused = b.store().acquire(key("c"), tenAMinute, T0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.counts().get(key("c"))).isEqualTo(new Acquisition.Count(0, 10, 66_000));
        assertThat(a.store().acquire(key("c"), tenAMinute, T0).allowed()).isFalse();
    }

    @Test
    void aMarkHasExactlyOneWinnerAcrossInstances() throws Exception {
        int keys = 30;
        List<List<Boolean>> results = race(8, i -> {
            RedisStore store = (i % 2 == 0 ? a : b).store();
            List<Boolean> mine = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                mine.add(store.mark(key("nonce-" + k), Duration.ofMinutes(1)));
            }
            return mine;
        });
        for (int k = 0; k < keys; k++) {
            int index = k;
            assertThat(results.stream().filter(r -> r.get(index)).count()).as("winners of nonce %d", k).isEqualTo(1);
        }
        assertThat(b.store().isMarked(key("nonce-0"))).isTrue();
    }

    @Test
    void everyInstanceHearsEveryInstancesEventsInPublishOrder() {
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        a.bus().subscribe(key("t"), onA);
        b.bus().subscribe(key("t"), onB);
        for (int i = 0; i < 100; i++) {
            a.bus().publish(key("t"), numbered(i));
        }
        List<JsonObject> expected = IntStream.range(0, 100).mapToObj(JsonSamples::numbered).toList();
        assertThat(onA.await(100)).isEqualTo(expected);
        assertThat(onB.await(100)).isEqualTo(expected);
        b.bus().publish(key("t"), numbered(100));
        assertThat(onA.await(101)).last().isEqualTo(numbered(100));
        assertThat(onB.await(101)).last().isEqualTo(numbered(100));
    }

    @Test
    void anotherNamespaceSeesNoneOfTheKeysOrEvents() throws InterruptedException {
        try (RedisState other = RedisState.connect(REDIS.uri(), "other:", Duration.ofSeconds(2))) {
            a.store().put(key("k"), JsonObject.of("v", Json.of(1)), Duration.ofMinutes(1));
            SlidingWindow one = new SlidingWindow(1, Duration.ofMinutes(1));
            assertThat(a.store().acquire(key("c"), one, T0).allowed()).isTrue();
            a.store().mark(key("m"), Duration.ofMinutes(1));
            assertThat(other.store().get(key("k"))).isNull();
            assertThat(other.store().acquire(key("c"), one, T0).allowed()).isTrue();
            assertThat(other.store().mark(key("m"), Duration.ofMinutes(1))).isTrue();

            Recorder otherHears = new Recorder();
            Recorder bHears = new Recorder();
            other.bus().subscribe(key("t"), otherHears);
            b.bus().subscribe(key("t"), bHears);
            a.bus().publish(key("t"), numbered(1));
            bHears.await(1);
            Thread.sleep(150);
            assertThat(otherHears.events()).isEmpty();
        }
    }

    @Test
    void storesJsonTextUnderTheNamespacedKeyAndGivesEveryKeyATtl() {
        JsonObject value = JsonSamples.awkward();
        a.store().put(key("k"), value, Duration.ofSeconds(30));
        a.store().addToSet(key("s"), "m", Duration.ofSeconds(30));
        a.store().acquire(key("c"), new SlidingWindow(5, Duration.ofSeconds(30)), T0 + 7_000);
        a.store().mark(key("m"), Duration.ofSeconds(30));

        assertThat(raw.get("sb:" + key("k"))).isEqualTo(Wire.toText(value));
        assertThat(raw.get(key("k"))).as("no key outside the namespace").isNull();
        assertThat(raw.smembers("sb:" + key("s"))).containsExactly("m");
        assertThat(raw.hgetall("sb:" + key("c"))).as("the window index, the previous and the current count")
                .isEqualTo(Map.of("i", Long.toString(T0 / 30_000), "p", "0", "c", "1"));
        assertThat(raw.get("sb:" + key("m"))).isEqualTo("1");
        for (String k : List.of("k", "s", "m")) {
            assertThat(raw.pttl("sb:" + key(k))).as("PTTL of %s", k).isBetween(1L, 30_000L);
        }
        assertThat(raw.pttl("sb:" + key("c"))).as("a window's count lives on as the previous one").isBetween(30_001L, 60_000L);
    }

    @Test
    void aRefusalWritesNothingAndACountRenewsTheTtl() {
        SlidingWindow one = new SlidingWindow(1, Duration.ofSeconds(30));
        a.store().acquire(key("c"), one, T0);
        raw.pexpire("sb:" + key("c"), 5_000);
        assertThat(a.store().acquire(key("c"), one, T0 + 1_000).allowed()).isFalse();
        assertThat(raw.pttl("sb:" + key("c"))).isBetween(1L, 5_000L);
        assertThat(raw.hget("sb:" + key("c"), "c")).isEqualTo("1");
        assertThat(a.store().acquire(key("c"), one, T0 + 60_000).allowed()).isTrue();
        assertThat(raw.pttl("sb:" + key("c"))).isBetween(30_001L, 60_000L);
        assertThat(raw.hgetall("sb:" + key("c"))).isEqualTo(Map.of("i", Long.toString(T0 / 30_000 + 2), "p", "0", "c", "1"));
    }

    @Test
    void worksAgainAfterRedisForgetsItsScripts() {
        SlidingWindow tenAMinute = new SlidingWindow(10, Duration.ofMinutes(1));
        a.store().acquire(key("c"), tenAMinute, T0);
        raw.scriptFlush();
        assertThat(a.store().acquire(key("c"), tenAMinute, T0).counts().get(key("c")).current()).isEqualTo(1);
        a.store().addToSet(key("s"), "m", Duration.ofMinutes(1));
        assertThat(a.store().members(key("s"))).containsExactly("m");
    }

    @Test
    void aSlowHandlerDelaysNeitherOtherTopicsNorTheConnection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);
        Recorder slowDone = new Recorder();
        Recorder fast = new Recorder();
        b.bus().subscribe(key("slow"), e -> {
            slowStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            slowDone.accept(e);
        });
        b.bus().subscribe(key("fast"), fast);
        a.bus().publish(key("slow"), numbered(1));
        a.bus().publish(key("slow"), numbered(2));
        assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 50; i++) {
            a.bus().publish(key("fast"), numbered(i));
        }
        assertThat(fast.await(50)).hasSize(50);
        b.store().put(key("k"), JsonObject.EMPTY, Duration.ofMinutes(1));
        assertThat(b.store().get(key("k"))).isEqualTo(JsonObject.EMPTY);
        assertThat(slowDone.events()).isEmpty();
        release.countDown();
        assertThat(slowDone.await(2)).containsExactly(numbered(1), numbered(2));
    }

    @Test
    void theBusResubscribesWhenItsConnectionIsKilled() {
        Recorder r = new Recorder();
        b.bus().subscribe(key("t"), r);
        a.bus().publish(key("t"), numbered(0));
        r.await(1);
        assertThat(raw.clientKill(io.lettuce.core.KillArgs.Builder.typePubsub())).isPositive();
        // at most once: events published before the resubscription are lost, so keep publishing
        int[] n = {1};
        Await.until("an event published after the reconnect arrives", () -> {
            a.bus().publish(key("t"), numbered(n[0]++));
            return r.events().size() > 1;
        });
        assertThat(r.events().getLast()).isNotEqualTo(numbered(0));
    }

    private static <T> List<T> race(int threads, ThreadTask<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<T> c = () -> {
                    start.await();
                    return task.run(thread);
                };
                futures.add(pool.submit(c));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    @FunctionalInterface
    private interface ThreadTask<T> {
        T run(int thread) throws Exception;
    }
}
