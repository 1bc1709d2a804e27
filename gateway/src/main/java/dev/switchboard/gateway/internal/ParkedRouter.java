package dev.switchboard.gateway.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.Cancellation;
import dev.switchboard.state.bus.EventBus;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Carries rounds of {@link ParkedCall}s between gateway instances over the {@link EventBus}, in
 * the pattern of the server's {@code ReplyRouter}: each instance listens on its own topic, and a
 * parked call's state names the instance holding it. A retry reaching another instance is sent to
 * the owner ({@link #route}), which runs the round as for a local retry and publishes its outcome
 * back to the instance that asked.
 */
final class ParkedRouter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ParkedRouter.class.getName());
    /**
     * How long a holder that confirms receipt has to do so before it is taken for gone: the bus
     * carries it in milliseconds; the rest is room for a paused JVM.
     */
    static final Duration RECEIPT_WAIT = Duration.ofSeconds(5);

    /** The owner's side, implemented by {@link InputRelay}. */
    interface Owner {
        /** Runs the round {@code answer} asks for; may block (called on its own virtual thread). */
        ParkedMessage.Reply serve(ParkedMessage.Answer answer);

        /** Ends parked call {@code id}, if held here; must not block (called on the bus thread). */
        void cancel(String id);
    }

    private final EventBus bus;
    private final String instance;
    private final Owner owner;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CompletableFuture<ParkedMessage.Reply>> waiting = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> receipts = new ConcurrentHashMap<>();
    private final EventBus.Subscription subscription;

    ParkedRouter(EventBus bus, String instance, Owner owner) {
        this.bus = bus;
        this.instance = instance;
        this.owner = owner;
        this.subscription = bus.subscribe(ParkedMessage.topic(instance), this::onEvent);
    }

    /**
     * Sends the client's answers to {@code keys} (by key, maybe none) for parked call {@code id} to
     * instance {@code holder} and waits for the round's outcome. When {@code cancellation} fires
     * meanwhile, the holder is told to end the call (its reply then reports the cancellation). A
     * holder that {@code confirms} receipt (every one of this version: its state says so) and does
     * not within {@link #RECEIPT_WAIT} is taken for gone, and told to end the call in case it is
     * only slow, so the call does not go on after the client was told it ended.
     *
     * @return the holder's reply, or null when it did not confirm in time or no reply came within
     *         {@code timeout} (the holder is gone)
     */
    ParkedMessage.Reply route(String holder, String id, List<String> keys, int round, JsonObject answers, boolean confirms,
                              Duration timeout, Cancellation cancellation) throws InterruptedException {
        byte[] b = new byte[12];
        random.nextBytes(b);
        String exchange = HexFormat.of().formatHex(b);
        CompletableFuture<ParkedMessage.Reply> reply = new CompletableFuture<>();
        CompletableFuture<Void> receipt = new CompletableFuture<>();
        waiting.put(exchange, reply); // before publishing: an in-process bus replies on this very thread
        receipts.put(exchange, receipt);
        AtomicBoolean open = new AtomicBoolean(true);
        cancellation.onCancel(() -> {
            if (open.get()) {
                bus.publish(ParkedMessage.topic(holder), new ParkedMessage.Cancel(id).toJson());
            }
        });
        try {
            bus.publish(ParkedMessage.topic(holder),
                    new ParkedMessage.Answer(exchange, instance, id, keys, round, answers).toJson());
            long deadline = System.nanoTime() + timeout.toNanos();
            if (confirms) {
                try {
                    CompletableFuture.anyOf(receipt, reply).get(Math.min(RECEIPT_WAIT.toMillis(), timeout.toMillis()),
                            TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    bus.publish(ParkedMessage.topic(holder), new ParkedMessage.Cancel(id).toJson());
                    return null;
                }
            }
            return reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            bus.publish(ParkedMessage.topic(holder), new ParkedMessage.Cancel(id).toJson());
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a reply future never fails", e);
        } finally {
            open.set(false);
            waiting.remove(exchange);
            receipts.remove(exchange);
        }
    }

    /** On the bus thread: hand replies to their waiter, run answers off it. */
    private void onEvent(JsonObject event) {
        ParkedMessage m;
        try {
            m = ParkedMessage.of(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "gateway instance " + instance + " ignored a parked-call message it "
                    + "cannot read (another gateway version?): " + e.getMessage());
            return;
        }
        switch (m) {
            case ParkedMessage.Answer a -> Thread.ofVirtual().name("gateway-routed-" + a.id()).start(() -> {
                bus.publish(ParkedMessage.topic(a.replyTo()), new ParkedMessage.Received(a.exchange()).toJson());
                bus.publish(ParkedMessage.topic(a.replyTo()), owner.serve(a).toJson());
            });
            case ParkedMessage.Received r -> {
                CompletableFuture<Void> f = receipts.get(r.exchange());
                if (f != null) {
                    f.complete(null);
                }
            }
            case ParkedMessage.Cancel c -> owner.cancel(c.id());
            case ParkedMessage.Reply r -> {
                CompletableFuture<ParkedMessage.Reply> f = waiting.get(r.exchange());
                if (f != null) { // else its waiter gave up: nobody to tell
                    f.complete(r);
                }
            }
        }
    }

    /** Stops serving; rounds waiting here stop waiting too (as if no reply came). */
    @Override
    public void close() {
        subscription.close();
        waiting.values().forEach(f -> f.complete(null));
    }
}
