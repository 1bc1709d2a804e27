package dev.switchboard.state.redis;

import dev.switchboard.state.contract.Await;
import dev.switchboard.state.contract.Recorder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.switchboard.state.contract.JsonSamples.numbered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber that must never miss an event silently hears of a gap when the pub/sub connection
 * drops, in order after the events that did arrive, and keeps receiving once Lettuce has
 * resubscribed.
 */
class RedisBusGapTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void subscribingWhileThePubSubConnectionIsDownFailsFastEvenOnAnAlreadySubscribedTopic() throws Exception {
        try (RedisState state = RedisState.connect(REDIS.uri())) {
            state.bus().subscribe("busy", e -> { }); // the channel is subscribed from now on
            REDIS.stop();
            try {
                Await.until("the client noticed", Duration.ofSeconds(10), () -> {
                    try {
                        state.bus().subscribe("busy", e -> { }).close();
                        return false;
                    } catch (dev.switchboard.state.StateUnavailableException expected) {
                        return true;
                    }
                });
                long started = System.nanoTime();
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> state.bus().subscribe("busy", e -> { }))
                        .isInstanceOf(dev.switchboard.state.StateUnavailableException.class)
                        .hasMessageContaining("pub/sub connection is down");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            } finally {
                REDIS.start();
            }
            Await.until("subscribing works again", Duration.ofSeconds(10), () -> {
                try {
                    state.bus().subscribe("busy", e -> { }).close();
                    return true;
                } catch (dev.switchboard.state.StateUnavailableException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aDroppedPubSubConnectionIsReportedAsAGapAndDeliveryResumes() {
        RedisClient raw = RedisClient.create(REDIS.uri().toString());
        try (RedisState publisher = RedisState.connect(REDIS.uri());
             RedisState subscriber = RedisState.connect(REDIS.uri());
             StatefulRedisConnection<String, String> admin = raw.connect()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            Recorder heard = new Recorder();
            subscriber.bus().subscribe("gaps", e -> {
                seen.add("event");
                heard.accept(e);
            }, () -> seen.add("gap"));
            publisher.bus().publish("gaps", numbered(1));
            heard.await(1);

            admin.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());

            Await.until("the subscriber hears of the gap", Duration.ofSeconds(10), () -> seen.contains("gap"));
            assertThat(seen.subList(0, 2)).containsExactly("event", "gap");
            int[] next = {2};
            Await.until("events flow again after the resubscribe", Duration.ofSeconds(10), () -> {
                publisher.bus().publish("gaps", numbered(next[0]++));
                return heard.events().size() > 1;
            });
        } finally {
            raw.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
