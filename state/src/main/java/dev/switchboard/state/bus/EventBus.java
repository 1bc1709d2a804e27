package dev.switchboard.state.bus;

import dev.switchboard.protocol.json.JsonObject;

import java.util.function.Consumer;

/**
 * Fans events out to every subscriber on every instance of a deployment: list changes, resource
 * updates, task status, replies that must reach the instance holding a stream.
 *
 * <p>Delivery is at most once per subscriber and in publish order per topic; a subscriber that
 * needs to detect gaps must carry sequence numbers in its events. Handlers run on a bus thread and
 * must not block.
 */
public interface EventBus extends AutoCloseable {

    /** Publishes {@code event} on {@code topic}; returns once it is handed to the bus. */
    void publish(String topic, JsonObject event);

    /**
     * Subscribes {@code handler} to {@code topic} until the returned handle is closed.
     * Events published after this method returns are delivered.
     */
    Subscription subscribe(String topic, Consumer<JsonObject> handler);

    /**
     * Like {@link #subscribe(String, Consumer)}, and runs {@code onGap} (on the delivery thread, in
     * order with the events) whenever events published to the topic may have been lost since the
     * last one delivered: the backend's connection dropped, or the subscriber fell too far behind.
     * The subscription stays active, but a subscriber that promised its own clients "every change
     * or a disconnect" must now disconnect them. An in-process bus never loses events.
     */
    default Subscription subscribe(String topic, Consumer<JsonObject> handler, Runnable onGap) {
        return subscribe(topic, handler);
    }

    /** Stops delivery; pending events may be dropped. */
    @Override
    void close();

    /** A live subscription; closing it stops delivery to its handler. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
