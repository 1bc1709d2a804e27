package dev.switchboard.state.embedded;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.bus.EventBus;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The embedded {@link EventBus}: one process, synchronous delivery on the publisher's thread.
 * A handler that throws does not stop delivery to the others.
 *
 * <p>An event published by a handler while it is being called is delivered after the event in
 * progress has reached every subscriber (still before the outermost {@code publish} returns), so
 * every subscriber of a topic sees its events in publish order.
 */
public final class InProcessEventBus implements EventBus {
    private static final System.Logger LOG = System.getLogger(InProcessEventBus.class.getName());

    private final Map<String, List<Registration>> topics = new ConcurrentHashMap<>();
    /** Events published by handlers on this thread while it delivers; null when not delivering. */
    private final ThreadLocal<ArrayDeque<Runnable>> nested = new ThreadLocal<>();
    private volatile boolean closed;

    /**
     * One subscription. Compared by identity, so closing one of two subscriptions of the same
     * handler closes that one only, however often it is closed.
     */
    private final class Registration implements Subscription {
        private final String topic;
        private final Consumer<JsonObject> handler;
        private volatile boolean active = true;

        Registration(String topic, Consumer<JsonObject> handler) {
            this.topic = topic;
            this.handler = handler;
        }

        @Override
        public void close() {
            active = false;
            // drop the topic with its last subscriber, so per-request topics do not pile up
            topics.computeIfPresent(topic, (t, regs) -> {
                regs.remove(this);
                return regs.isEmpty() ? null : regs;
            });
        }
    }

    @Override
    public void publish(String topic, JsonObject event) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        if (closed) {
            return;
        }
        List<Registration> regs = topics.get(topic);
        if (regs == null) {
            return;
        }
        ArrayDeque<Runnable> queue = nested.get();
        if (queue != null) {
            // a handler publishes: deliver after the current event, to the subscribers of now
            List<Registration> snapshot = List.copyOf(regs);
            queue.add(() -> deliver(topic, snapshot, event));
            return;
        }
        queue = new ArrayDeque<>();
        nested.set(queue);
        try {
            deliver(topic, regs, event);
            for (Runnable next = queue.poll(); next != null; next = queue.poll()) {
                next.run();
            }
        } finally {
            nested.remove();
        }
    }

    private void deliver(String topic, List<Registration> regs, JsonObject event) {
        for (Registration r : regs) {
            if (!r.active || closed) {
                continue;
            }
            try {
                r.handler.accept(event);
            } catch (Exception e) {
                // Exception, not RuntimeException: a handler may throw a checked exception sneakily
                LOG.log(System.Logger.Level.WARNING, "event handler failed on topic " + topic, e);
            }
        }
    }

    @Override
    public Subscription subscribe(String topic, Consumer<JsonObject> handler) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(handler, "handler");
        Registration r = new Registration(topic, handler);
        if (closed) {
            r.active = false;
            return r;
        }
        topics.compute(topic, (t, regs) -> {
            List<Registration> list = regs != null ? regs : new CopyOnWriteArrayList<>();
            list.add(r);
            return list;
        });
        return r;
    }

    @Override
    public void close() {
        closed = true;
        topics.clear();
    }
}
