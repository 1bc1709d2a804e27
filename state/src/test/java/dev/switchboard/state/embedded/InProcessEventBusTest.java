package dev.switchboard.state.embedded;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.bus.EventBus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded event bus: synchronous fan-out, unsubscribe, failure isolation, close. */
class InProcessEventBusTest {
    private final InProcessEventBus bus = new InProcessEventBus();

    private static JsonObject event(int n) {
        return JsonObject.of("n", Json.of(n));
    }

    @Test
    void deliversEveryEventToEverySubscriberOfTheTopicInOrder() {
        List<JsonObject> a = new ArrayList<>();
        List<JsonObject> b = new ArrayList<>();
        bus.subscribe("t", a::add);
        bus.subscribe("t", b::add);
        bus.publish("t", event(1));
        bus.publish("t", event(2));
        assertThat(a).containsExactly(event(1), event(2));
        assertThat(b).containsExactly(event(1), event(2));
    }

    @Test
    void deliversOnlyTheTopicSubscribedTo() {
        List<JsonObject> tools = new ArrayList<>();
        List<JsonObject> prompts = new ArrayList<>();
        bus.subscribe("tools", tools::add);
        bus.subscribe("prompts", prompts::add);
        bus.publish("tools", event(1));
        assertThat(tools).containsExactly(event(1));
        assertThat(prompts).isEmpty();
    }

    @Test
    void publishingWithoutSubscribersIsHarmless() {
        bus.publish("nobody", event(1));
        List<JsonObject> late = new ArrayList<>();
        bus.subscribe("nobody", late::add);
        assertThat(late).isEmpty();
    }

    @Test
    void deliversOnThePublishersThreadBeforePublishReturns() {
        AtomicReference<Thread> deliveredOn = new AtomicReference<>();
        bus.subscribe("t", e -> deliveredOn.set(Thread.currentThread()));
        bus.publish("t", event(1));
        assertThat(deliveredOn.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void closingASubscriptionStopsDeliveryToThatHandlerOnly() {
        List<JsonObject> a = new ArrayList<>();
        List<JsonObject> b = new ArrayList<>();
        EventBus.Subscription sa = bus.subscribe("t", a::add);
        bus.subscribe("t", b::add);
        bus.publish("t", event(1));
        sa.close();
        bus.publish("t", event(2));
        assertThat(a).containsExactly(event(1));
        assertThat(b).containsExactly(event(1), event(2));
    }

    @Test
    void closingASubscriptionTwiceIsHarmless() {
        List<JsonObject> a = new ArrayList<>();
        EventBus.Subscription s = bus.subscribe("t", a::add);
        s.close();
        s.close();
        bus.publish("t", event(1));
        assertThat(a).isEmpty();
    }

    @Test
    void aHandlerSubscribedTwiceHearsTwiceUntilEachSubscriptionCloses() {
        List<JsonObject> got = new ArrayList<>();
        Consumer<JsonObject> h = got::add;
        EventBus.Subscription first = bus.subscribe("t", h);
        EventBus.Subscription second = bus.subscribe("t", h);
        bus.publish("t", event(1));
        first.close();
        bus.publish("t", event(2));
        second.close();
        bus.publish("t", event(3));
        assertThat(got).containsExactly(event(1), event(1), event(2));
    }

    @Test
    void aThrowingHandlerDoesNotStopTheOthers() {
        List<JsonObject> before = new ArrayList<>();
        List<JsonObject> after = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        bus.subscribe("t", before::add);
        bus.subscribe("t", e -> {
            failures.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        bus.subscribe("t", after::add);
        bus.publish("t", event(1));
        bus.publish("t", event(2));
        assertThat(before).containsExactly(event(1), event(2));
        assertThat(after).containsExactly(event(1), event(2));
        assertThat(failures).hasValue(2);
    }

    @Test
    void aHandlerMayUnsubscribeItselfWhileBeingCalled() {
        List<JsonObject> got = new ArrayList<>();
        List<JsonObject> other = new ArrayList<>();
        AtomicReference<EventBus.Subscription> self = new AtomicReference<>();
        self.set(bus.subscribe("t", e -> {
            got.add(e);
            self.get().close();
        }));
        bus.subscribe("t", other::add);
        bus.publish("t", event(1));
        bus.publish("t", event(2));
        assertThat(got).containsExactly(event(1));
        assertThat(other).containsExactly(event(1), event(2));
    }

    @Test
    void aHandlerSubscribedDuringDeliveryHearsOnlyLaterEvents() {
        List<JsonObject> late = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        bus.subscribe("t", e -> {
            if (calls.getAndIncrement() == 0) {
                bus.subscribe("t", late::add);
            }
        });
        bus.publish("t", event(1));
        bus.publish("t", event(2));
        assertThat(late).containsExactly(event(2));
    }

    @Test
    void aHandlerMayPublishToAnotherTopic() {
        List<JsonObject> relayed = new ArrayList<>();
        bus.subscribe("in", e -> bus.publish("out", e));
        bus.subscribe("out", relayed::add);
        bus.publish("in", event(7));
        assertThat(relayed).containsExactly(event(7));
    }

    @Test
    void aClosedBusDropsEvents() {
        List<JsonObject> got = new ArrayList<>();
        bus.subscribe("t", got::add);
        bus.close();
        bus.publish("t", event(1));
        assertThat(got).isEmpty();
    }

    @Test
    void subscribingToAClosedBusDeliversNothing() {
        bus.close();
        List<JsonObject> got = new ArrayList<>();
        EventBus.Subscription s = bus.subscribe("t", got::add);
        bus.publish("t", event(1));
        s.close();
        assertThat(got).isEmpty();
    }

    @Test
    void closingTwiceIsHarmless() {
        bus.close();
        bus.close();
        bus.publish("t", event(1));
    }

    @Test
    void deliversEveryEventPublishedConcurrently() throws Exception {
        AtomicInteger a = new AtomicInteger();
        List<JsonObject> b = new CopyOnWriteArrayList<>();
        bus.subscribe("t", e -> a.incrementAndGet());
        bus.subscribe("t", b::add);
        int threads = 8;
        int each = 250;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        bus.publish("t", event(base + i));
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(a).hasValue(threads * each);
        assertThat(b).hasSize(threads * each).doesNotHaveDuplicates();
    }

    @Test
    void keepsPublishOrderPerPublisher() throws Exception {
        List<Integer> got = new CopyOnWriteArrayList<>();
        bus.subscribe("t", e -> got.add(Integer.parseInt(e.get("n").toString())));
        Thread t = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 100; i++) {
                bus.publish("t", event(i));
            }
        });
        t.join();
        assertThat(got).isSorted().hasSize(100);
    }
}
