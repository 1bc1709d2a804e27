package dev.switchboard.state.redis;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.contract.Await;
import dev.switchboard.state.contract.Recorder;
import dev.switchboard.state.kv.SlidingWindow;
import dev.switchboard.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.switchboard.state.contract.JsonSamples.number;
import static dev.switchboard.state.contract.JsonSamples.numbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Redis outages: nothing hangs, every call fails within its timeout with a
 * {@link StateUnavailableException} that names the endpoint (and never a key), and everything works
 * again once Redis is back: commands, and subscriptions made before the outage.
 */
class RedisOutageTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final Duration TIMEOUT = RedisState.DEFAULT_TIMEOUT;
    /** A failing call may take the timeout plus scheduling slack, never more. */
    private static final Duration BOUND = TIMEOUT.plusSeconds(1);
    private static final String SECRET_KEY = "session:secret-id";

    /** Loads Lettuce and Netty once, so the connect tests time network waits, not class loading. */
    @BeforeAll
    static void warmUp() {
        RedisState.connect(REDIS.uri()).close();
    }

    @Test
    void connectingToNothingFailsFastAndSaysWhere() throws IOException {
        int port = RedisServer.freePort();
        long start = System.nanoTime();
        assertThatThrownBy(() -> RedisState.connect(URI.create("redis://127.0.0.1:" + port)))
                .isInstanceOf(StateUnavailableException.class)
                .hasMessageContaining("Redis at 127.0.0.1:" + port + " is unavailable (connect)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    }

    @Test
    void connectingToAServerThatNeverAnswersFailsWithinTheTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept()); // accept, read nothing, answer nothing
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> RedisState.connect(URI.create("redis://127.0.0.1:" + silent.getLocalPort()), "sb:", timeout))
                    .isInstanceOf(StateUnavailableException.class)
                    .hasMessageContaining("is unavailable (connect): no answer within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
        } finally {
            silent.close();
            acceptor.join(2000);
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void aRedisThatStopsAnsweringFailsCallsWithinTheTimeoutAndServesAgainAfterwards() {
        Duration timeout = Duration.ofMillis(300);
        RedisClient rawClient = RedisClient.create(REDIS.uri().toString());
        try (RedisState state = RedisState.connect(REDIS.uri(), "sb:", timeout);
             StatefulRedisConnection<String, String> raw = rawClient.connect()) {
            state.store().put(SECRET_KEY, JsonObject.EMPTY, Duration.ofMinutes(1));
            raw.sync().clientPause(1500);   // Redis holds every client's commands for 1.5 s
            long start = System.nanoTime();
            assertThatThrownBy(() -> state.store().get(SECRET_KEY))
                    .isInstanceOf(StateUnavailableException.class)
                    .hasMessageContaining("no answer within 300 ms")
                    .hasMessageNotContaining(SECRET_KEY);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
            Await.until("Redis answers again", () -> answers(() -> state.store().get(SECRET_KEY)));
            assertThat(state.store().get(SECRET_KEY)).isEqualTo(JsonObject.EMPTY);
        } finally {
            rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void everyCallFailsFastDuringAnOutageAndEverythingRecoversAfterRestart() throws Exception {
        try (RedisState publisher = RedisState.connect(REDIS.uri());
             RedisState subscriber = RedisState.connect(REDIS.uri())) {
            RedisStore store = publisher.store();
            Recorder heard = new Recorder();
            subscriber.bus().subscribe("outage", heard);
            publisher.bus().publish("outage", numbered(0));
            heard.await(1);
            store.put(SECRET_KEY, JsonObject.of("kept", Json.of(true)), Duration.ofMinutes(5));

            REDIS.stop();

            Map<String, Executable> calls = new LinkedHashMap<>();
            calls.put("get", () -> store.get(SECRET_KEY));
            calls.put("put", () -> store.put(SECRET_KEY, JsonObject.EMPTY, Duration.ofMinutes(1)));
            calls.put("delete", () -> store.delete(SECRET_KEY));
            calls.put("addToSet", () -> store.addToSet(SECRET_KEY + ":set", "m", Duration.ofMinutes(1)));
            calls.put("removeFromSet", () -> store.removeFromSet(SECRET_KEY + ":set", "m"));
            calls.put("members", () -> store.members(SECRET_KEY + ":set"));
            calls.put("acquire", () -> store.acquire(SECRET_KEY + ":window", new SlidingWindow(1, Duration.ofMinutes(1)), 0));
            calls.put("mark", () -> store.mark(SECRET_KEY + ":mark", Duration.ofMinutes(1)));
            calls.put("isMarked", () -> store.isMarked(SECRET_KEY + ":mark"));
            calls.put("publish", () -> publisher.bus().publish("outage", numbered(-1)));
            calls.put("subscribe", () -> subscriber.bus().subscribe("during-outage", e -> { }));
            for (Map.Entry<String, Executable> call : calls.entrySet()) {
                long start = System.nanoTime();
                StateUnavailableException e = assertThrows(StateUnavailableException.class, call.getValue(), call.getKey());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).as("%s took %s", call.getKey(), took).isLessThan(BOUND);
                assertThat(e.getMessage()).as(call.getKey())
                        .startsWith("Redis at 127.0.0.1:" + REDIS.port() + " is unavailable (")
                        .doesNotContain(SECRET_KEY);
            }

            REDIS.start();

            Await.until("the store serves again", Duration.ofSeconds(10), () -> answers(() -> store.get(SECRET_KEY)));
            assertThat(store.get(SECRET_KEY)).as("data written before the outage (append-only file)")
                    .isEqualTo(JsonObject.of("kept", Json.of(true)));
            // the subscription made before the outage is restored; events published while it was
            // being restored are lost (at most once), so publish until one arrives
            int[] next = {1};
            Await.until("an event published after the restart reaches the old subscriber", Duration.ofSeconds(10), () -> {
                answers(() -> publisher.bus().publish("outage", numbered(next[0]++)));
                return heard.events().size() > 1;
            });
            assertThat(heard.events()).allSatisfy(e -> assertThat(number(e)).isNotNegative());
            Recorder fresh = new Recorder();
            subscriber.bus().subscribe("after-outage", fresh);
            publisher.bus().publish("after-outage", numbered(7));
            assertThat(fresh.await(1)).containsExactly(numbered(7));
        } finally {
            REDIS.start();
        }
    }

    private static boolean answers(Executable call) {
        try {
            call.execute();
            return true;
        } catch (StateUnavailableException e) {
            return false;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
