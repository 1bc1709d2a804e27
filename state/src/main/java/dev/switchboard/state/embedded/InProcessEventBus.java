package dev.switchboard.state.embedded;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.bus.EventBus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The embedded {@link EventBus}: one process, synchronous delivery on the publisher's thread.
 * A handler that throws does not stop delivery to the others.
 */
public final class InProcessEventBus implements EventBus {
    private final Map<String, List<Consumer<JsonObject>>> topics = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public void publish(String topic, JsonObject event) {
        if (closed) {
            return;
        }
        List<Consumer<JsonObject>> handlers = topics.get(topic);
        if (handlers == null) {
            return;
        }
        for (Consumer<JsonObject> h : handlers) {
            try {
                h.accept(event);
            } catch (RuntimeException e) {
                System.getLogger(InProcessEventBus.class.getName())
                        .log(System.Logger.Level.WARNING, "event handler failed on topic " + topic, e);
            }
        }
    }

    @Override
    public Subscription subscribe(String topic, Consumer<JsonObject> handler) {
        List<Consumer<JsonObject>> handlers = topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
        handlers.add(handler);
        return () -> handlers.remove(handler);
    }

    @Override
    public void close() {
        closed = true;
        topics.clear();
    }
}
