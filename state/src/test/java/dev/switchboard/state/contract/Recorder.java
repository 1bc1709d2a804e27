package dev.switchboard.state.contract;

import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An event handler that records what it hears, for tests of asynchronous buses. Thread-safe. */
public final class Recorder implements Consumer<JsonObject> {
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(JsonObject event) {
        events.add(event);
    }

    /** Everything heard so far, in order. */
    public List<JsonObject> events() {
        return List.copyOf(events);
    }

    /** Waits (bounded) until at least {@code n} events arrived and returns everything heard. */
    public List<JsonObject> await(int n) {
        Await.until(n + " events (have " + events.size() + ")", () -> events.size() >= n);
        return events();
    }
}
