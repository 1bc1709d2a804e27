package dev.switchboard.state.contract;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.bus.EventBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static dev.switchboard.state.contract.JsonSamples.number;
import static dev.switchboard.state.contract.JsonSamples.numbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The behaviour every {@link EventBus} backend must show (STYLE rule 33): fan-out, topic isolation,
 * publish order per topic, unsubscribe, failure isolation, delivery of events published right after
 * {@code subscribe} returns, and JSON that arrives intact.
 *
 * <p>Written for asynchronous buses: positive checks wait with a bound ({@link Await}). Negative
 * checks ("was not delivered") use an ordering barrier where the contract gives one: a later event
 * on the same topic that another handler has seen. Where it gives none (across topics) they wait
 * {@link #quietPeriod()}. Every test uses its own topic names, so a backend may be shared.
 */
public abstract class EventBusContract {
    /** The bus under test; opened before and closed after each test. */
    protected EventBus bus;
    private String prefix;

    /** A fresh bus on the backend under test. The contract closes it after the test. */
    protected abstract EventBus newBus();

    /** How long to wait before concluding that an event which has no ordering barrier will not arrive. */
    protected Duration quietPeriod() {
        return Duration.ofMillis(150);
    }

    @BeforeEach
    void openBus() {
        prefix = "contract." + UUID.randomUUID() + ".";
        bus = newBus();
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    /** A topic name private to this test. */
    protected String topic(String name) {
        return prefix + name;
    }

    private void quiet() throws InterruptedException {
        Thread.sleep(quietPeriod().toMillis());
    }

    @Test
    void deliversAnEventToASubscriber() {
        Recorder r = new Recorder();
        bus.subscribe(topic("t"), r);
        bus.publish(topic("t"), numbered(1));
        assertThat(r.await(1)).containsExactly(numbered(1));
    }

    @Test
    void fansOutEveryEventToEverySubscriberOfTheTopic() {
        List<Recorder> recorders = List.of(new Recorder(), new Recorder(), new Recorder());
        recorders.forEach(r -> bus.subscribe(topic("t"), r));
        for (int i = 1; i <= 3; i++) {
            bus.publish(topic("t"), numbered(i));
        }
        for (Recorder r : recorders) {
            assertThat(r.await(3)).containsExactly(numbered(1), numbered(2), numbered(3));
        }
    }

    @Test
    void deliversOnlyTheTopicSubscribedTo() throws InterruptedException {
        Recorder tools = new Recorder();
        Recorder prompts = new Recorder();
        bus.subscribe(topic("tools"), tools);
        bus.subscribe(topic("prompts"), prompts);
        bus.publish(topic("tools"), numbered(1));
        bus.publish(topic("prompts"), numbered(2));
        bus.publish(topic("nobody"), numbered(3));
        tools.await(1);
        prompts.await(1);
        quiet();
        assertThat(tools.events()).containsExactly(numbered(1));
        assertThat(prompts.events()).containsExactly(numbered(2));
    }

    @Test
    void matchesTopicsExactlyNotAsPatterns() throws InterruptedException {
        Recorder star = new Recorder();
        Recorder tech = new Recorder();
        bus.subscribe(topic("news.*"), star);
        bus.subscribe(topic("news.tech"), tech);
        bus.publish(topic("news.tech"), numbered(1));
        bus.publish(topic("news.*"), numbered(2));
        tech.await(1);
        star.await(1);
        quiet();
        assertThat(tech.events()).containsExactly(numbered(1));
        assertThat(star.events()).containsExactly(numbered(2));
    }

    @Test
    void acceptsTopicNamesWithUnicodeAndPunctuation() {
        String odd = topic("tööls/列表 [x]?😀:{}");
        Recorder r = new Recorder();
        bus.subscribe(odd, r);
        bus.publish(odd, numbered(1));
        assertThat(r.await(1)).containsExactly(numbered(1));
    }

    @Test
    void publishingWithoutSubscribersIsHarmless() {
        assertThatCode(() -> bus.publish(topic("nobody"), numbered(1))).doesNotThrowAnyException();
    }

    @Test
    void keepsPublishOrderPerTopicForEverySubscriber() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        bus.subscribe(topic("t"), a);
        bus.subscribe(topic("t"), b);
        int n = 300;
        for (int i = 0; i < n; i++) {
            bus.publish(topic("t"), numbered(i));
        }
        List<Integer> expected = IntStream.range(0, n).boxed().toList();
        assertThat(a.await(n).stream().map(JsonSamples::number).toList()).isEqualTo(expected);
        assertThat(b.await(n).stream().map(JsonSamples::number).toList()).isEqualTo(expected);
    }

    @Test
    void keepsPublishOrderOnEachTopicWhenTopicsInterleave() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        bus.subscribe(topic("a"), a);
        bus.subscribe(topic("b"), b);
        int n = 200;
        for (int i = 0; i < n; i++) {
            bus.publish(topic("a"), numbered(i));
            bus.publish(topic("b"), numbered(i));
        }
        List<Integer> expected = IntStream.range(0, n).boxed().toList();
        assertThat(a.await(n).stream().map(JsonSamples::number).toList()).isEqualTo(expected);
        assertThat(b.await(n).stream().map(JsonSamples::number).toList()).isEqualTo(expected);
    }

    @Test
    void deliversEventsPublishedRightAfterSubscribeReturns() {
        // a fresh topic each round: the backend's first subscription to a topic is the one that can race
        for (int i = 0; i < 20; i++) {
            Recorder r = new Recorder();
            bus.subscribe(topic("fresh-" + i), r);
            bus.publish(topic("fresh-" + i), numbered(i));
            assertThat(r.await(1)).as("round %d", i).containsExactly(numbered(i));
        }
    }

    @Test
    void deliversEventsPublishedFromAnotherThreadRightAfterSubscribeReturns() throws Exception {
        try (ExecutorService publisher = Executors.newSingleThreadExecutor()) {
            for (int i = 0; i < 10; i++) {
                Recorder r = new Recorder();
                String t = topic("other-thread-" + i);
                bus.subscribe(t, r);
                int n = i;
                publisher.submit(() -> bus.publish(t, numbered(n))).get(5, TimeUnit.SECONDS);
                assertThat(r.await(1)).as("round %d", i).containsExactly(numbered(i));
            }
        }
    }

    @Test
    void closingASubscriptionStopsDeliveryToThatHandlerOnly() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        EventBus.Subscription sa = bus.subscribe(topic("t"), a);
        bus.subscribe(topic("t"), b);
        bus.publish(topic("t"), numbered(1));
        a.await(1);
        b.await(1);
        sa.close();
        bus.publish(topic("t"), numbered(2));
        bus.publish(topic("t"), numbered(3));
        // b hearing 3 proves 2 and 3 went through the topic; a must have heard neither
        assertThat(b.await(3)).containsExactly(numbered(1), numbered(2), numbered(3));
        assertThat(a.events()).containsExactly(numbered(1));
    }

    @Test
    void closingOneOfTwoSubscriptionsOfTheSameHandlerLeavesTheOtherOpenEvenWhenClosedTwice() {
        Recorder twice = new Recorder();
        Recorder witness = new Recorder();
        EventBus.Subscription first = bus.subscribe(topic("t"), twice);
        bus.subscribe(topic("t"), twice);
        bus.subscribe(topic("t"), witness);
        bus.publish(topic("t"), numbered(1));
        witness.await(1);
        assertThat(twice.await(2)).containsExactly(numbered(1), numbered(1));
        first.close();
        first.close();
        bus.publish(topic("t"), numbered(2));
        witness.await(2);
        assertThat(twice.await(3)).containsExactly(numbered(1), numbered(1), numbered(2));
        bus.publish(topic("t"), numbered(3));
        witness.await(3);
        assertThat(twice.await(4)).containsExactly(numbered(1), numbered(1), numbered(2), numbered(3));
    }

    @Test
    void aTopicCanBeSubscribedAgainAfterItsLastSubscriptionClosed() throws InterruptedException {
        Recorder first = new Recorder();
        EventBus.Subscription s = bus.subscribe(topic("t"), first);
        bus.publish(topic("t"), numbered(1));
        first.await(1);
        s.close();
        for (int round = 2; round <= 4; round++) {
            Recorder again = new Recorder();
            EventBus.Subscription s2 = bus.subscribe(topic("t"), again);
            bus.publish(topic("t"), numbered(round));
            assertThat(again.await(1)).containsExactly(numbered(round));
            s2.close();
        }
        quiet();
        assertThat(first.events()).containsExactly(numbered(1));
    }

    @Test
    void aThrowingHandlerDoesNotStopTheOthers() {
        Recorder before = new Recorder();
        Recorder after = new Recorder();
        AtomicInteger failures = new AtomicInteger();
        bus.subscribe(topic("t"), before);
        bus.subscribe(topic("t"), e -> {
            failures.incrementAndGet();
            throw new IllegalStateException("boom (expected by the test)");
        });
        bus.subscribe(topic("t"), after);
        bus.publish(topic("t"), numbered(1));
        bus.publish(topic("t"), numbered(2));
        assertThat(before.await(2)).containsExactly(numbered(1), numbered(2));
        assertThat(after.await(2)).containsExactly(numbered(1), numbered(2));
        Await.until("the throwing handler was called for both events", () -> failures.get() == 2);
    }

    @Test
    void aHandlerThrowingACheckedExceptionDoesNotStopTheOthers() {
        Recorder after = new Recorder();
        bus.subscribe(topic("t"), e -> sneakyThrow(new IOException("checked, thrown sneakily (expected by the test)")));
        bus.subscribe(topic("t"), after);
        bus.publish(topic("t"), numbered(1));
        bus.publish(topic("t"), numbered(2));
        assertThat(after.await(2)).containsExactly(numbered(1), numbered(2));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void aHandlerMayUnsubscribeItselfWhileBeingCalled() {
        Recorder self = new Recorder();
        Recorder other = new Recorder();
        AtomicReference<EventBus.Subscription> handle = new AtomicReference<>();
        handle.set(bus.subscribe(topic("t"), e -> {
            self.accept(e);
            handle.get().close();
        }));
        bus.subscribe(topic("t"), other);
        bus.publish(topic("t"), numbered(1));
        bus.publish(topic("t"), numbered(2));
        assertThat(other.await(2)).containsExactly(numbered(1), numbered(2));
        assertThat(self.events()).containsExactly(numbered(1));
    }

    @Test
    void anEventPublishedByAHandlerReachesEverySubscriberAfterTheEventBeingDelivered() {
        Recorder relay = new Recorder();
        Recorder witness = new Recorder();
        bus.subscribe(topic("t"), e -> {
            relay.accept(e);
            if (number(e) == 1) {
                bus.publish(topic("t"), numbered(2));
            }
        });
        bus.subscribe(topic("t"), witness);
        bus.publish(topic("t"), numbered(1));
        assertThat(relay.await(2)).containsExactly(numbered(1), numbered(2));
        assertThat(witness.await(2)).containsExactly(numbered(1), numbered(2));
    }

    @Test
    void aHandlerMayPublishToAnotherTopic() {
        Recorder relayed = new Recorder();
        bus.subscribe(topic("in"), e -> bus.publish(topic("out"), e));
        bus.subscribe(topic("out"), relayed);
        bus.publish(topic("in"), numbered(7));
        assertThat(relayed.await(1)).containsExactly(numbered(7));
    }

    @Test
    void deliversEveryEventPublishedConcurrentlyOnceKeepingEachPublishersOrder() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        bus.subscribe(topic("t"), a);
        bus.subscribe(topic("t"), b);
        int publishers = 4;
        int each = 100;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(publishers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        bus.publish(topic("t"), JsonObject.of("p", Json.of(publisher), "i", Json.of(i)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        for (Recorder r : List.of(a, b)) {
            List<JsonObject> got = r.await(publishers * each);
            assertThat(got).hasSize(publishers * each).doesNotHaveDuplicates();
            Map<Long, List<Long>> byPublisher = new ConcurrentHashMap<>();
            for (JsonObject e : got) {
                byPublisher.computeIfAbsent(((JsonNumber) e.get("p")).longValue(), k -> new ArrayList<>())
                        .add(((JsonNumber) e.get("i")).longValue());
            }
            assertThat(byPublisher).hasSize(publishers);
            byPublisher.values().forEach(seq -> assertThat(seq).hasSize(each).isSorted());
        }
    }

    @Test
    void everySubscriberAddedConcurrentlyHearsLaterEvents() throws Exception {
        int subscribers = 8;
        List<Recorder> recorders = IntStream.range(0, subscribers).mapToObj(i -> new Recorder()).toList();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(subscribers)) {
            List<Future<EventBus.Subscription>> subs = new ArrayList<>();
            for (Recorder r : recorders) {
                subs.add(pool.submit(() -> {
                    start.await();
                    return bus.subscribe(topic("t"), r);
                }));
            }
            start.countDown();
            for (Future<EventBus.Subscription> f : subs) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        bus.publish(topic("t"), numbered(1));
        for (Recorder r : recorders) {
            assertThat(r.await(1)).containsExactly(numbered(1));
        }
    }

    @Test
    void subscriptionsToManyTopicsOpenedConcurrentlyAllHearTheirEvents() throws Exception {
        int topics = 16;
        List<Recorder> recorders = IntStream.range(0, topics).mapToObj(i -> new Recorder()).toList();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<EventBus.Subscription>> subs = new ArrayList<>();
            for (int i = 0; i < topics; i++) {
                int n = i;
                subs.add(pool.submit(() -> {
                    start.await();
                    return bus.subscribe(topic("many-" + n), recorders.get(n));
                }));
            }
            start.countDown();
            for (Future<EventBus.Subscription> f : subs) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < topics; i++) {
            bus.publish(topic("many-" + i), numbered(i));
        }
        for (int i = 0; i < topics; i++) {
            assertThat(recorders.get(i).await(1)).as("topic %d", i).containsExactly(numbered(i));
        }
    }

    @Test
    void subscriptionsOpenedAndClosedConcurrentlyLeaveTheSurvivorsSubscribed() throws Exception {
        Recorder survivor = new Recorder();
        bus.subscribe(topic("t"), survivor);
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 25; i++) {
                        bus.subscribe(topic("t"), e -> { }).close();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(20, TimeUnit.SECONDS);
            }
        }
        bus.publish(topic("t"), numbered(1));
        assertThat(survivor.await(1)).containsExactly(numbered(1));
    }

    @Test
    void deliversEventsIntactIncludingUnicodeAndNesting() {
        Recorder r = new Recorder();
        bus.subscribe(topic("t"), r);
        JsonObject sent = JsonSamples.awkward();
        bus.publish(topic("t"), sent);
        JsonObject got = r.await(1).getFirst();
        assertThat(got).isEqualTo(sent);
        assertThat(Wire.toText(got)).isEqualTo(Wire.toText(sent));
    }

    @Test
    void deliversAnEmptyEvent() {
        Recorder r = new Recorder();
        bus.subscribe(topic("t"), r);
        bus.publish(topic("t"), JsonObject.EMPTY);
        assertThat(r.await(1)).containsExactly(JsonObject.EMPTY);
    }

    @Test
    void aClosedBusDeliversNothingAndPublishingOnItIsHarmless() throws InterruptedException {
        Recorder r = new Recorder();
        bus.subscribe(topic("t"), r);
        bus.close();
        assertThatCode(() -> bus.publish(topic("t"), numbered(1))).doesNotThrowAnyException();
        quiet();
        assertThat(r.events()).isEmpty();
    }

    @Test
    void closingTheBusAndItsSubscriptionsTwiceIsHarmless() {
        Consumer<JsonObject> ignore = e -> { };
        EventBus.Subscription s = bus.subscribe(topic("t"), ignore);
        bus.close();
        assertThatCode(() -> {
            s.close();
            s.close();
            bus.close();
        }).doesNotThrowAnyException();
    }
}
