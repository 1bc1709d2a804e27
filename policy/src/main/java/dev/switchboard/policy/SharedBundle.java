package dev.switchboard.policy;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.kv.KeyValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A policy bundle published in the shared state, so every instance of a deployment runs the same
 * one: {@code switchboard policy publish} compiles a file and stores its text under a name; the
 * instances started with {@code --policy redis} load it, hear each new publication on the event
 * bus, compile it themselves and swap it in ({@link PolicyEngine#reload(java.util.function.Supplier)}),
 * and look at the stored hash now and then in case an announcement was lost.
 */
public final class SharedBundle {
    /** The name used unless another is given. */
    public static final String DEFAULT_NAME = "default";
    // A published bundle stays until replaced; the store wants a time to live, so a long one.
    private static final Duration KEEP = Duration.ofDays(3650);

    private final KeyValue store;
    private final EventBus bus;
    private final String name;

    public SharedBundle(KeyValue store, EventBus bus, String name) {
        this.store = Objects.requireNonNull(store, "store");
        this.bus = Objects.requireNonNull(bus, "bus");
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("a bundle name is 1-64 of A-Z a-z 0-9 _ . -, got \"" + name + "\"");
        }
        this.name = name;
    }

    /**
     * One publication: the bundle's hash, the file it was published from (problems name it), its
     * text, and when and by whom it was published.
     */
    public record Published(String hash, String source, String text, Instant publishedAt, String publishedBy) {
        /** Compiles it here. @throws PolicyException naming the source file's lines */
        public PolicyBundle compile() {
            return PolicyBundle.parse(Path.of(source), text);
        }

        JsonObject toJson() {
            return JsonObject.builder().put("hash", hash).put("source", source).put("text", text)
                    .put("publishedAt", publishedAt.toString()).put("publishedBy", publishedBy).build();
        }

        static Published fromJson(JsonObject json) {
            return new Published(json.getString("hash"), json.getString("source"), json.getString("text"),
                    Instant.parse(json.getString("publishedAt")), json.getString("publishedBy"));
        }
    }

    /**
     * Compiles {@code file} and, when it is valid, publishes it: stored, then announced.
     *
     * @return the publication, and the hash it replaced (null when it is the first)
     * @throws PolicyException when the file is not a valid bundle (nothing is published)
     */
    public Publication publish(Path file, String publishedBy, Clock clock) throws IOException {
        String text = Files.readString(file);
        PolicyBundle bundle = PolicyBundle.parse(file, text);
        Published previous = current();
        Published now = new Published(bundle.hash(), file.toAbsolutePath().toString(), text, clock.instant(), publishedBy);
        store.put(key(), now.toJson(), KEEP);
        bus.publish(topic(), JsonObject.builder().put("hash", now.hash()).build());
        return new Publication(now, previous == null ? null : previous.hash(), bundle.rules().size());
    }

    /** What {@link #publish} did. */
    public record Publication(Published published, String previousHash, int rules) {
    }

    /** The bundle published under this name, or null when none is. */
    public Published current() {
        JsonObject json = store.get(key());
        return json == null ? null : Published.fromJson(json);
    }

    /** Calls {@code onPublished} with the hash of each new publication heard on the bus (or after a gap in it). */
    public EventBus.Subscription follow(Consumer<String> onPublished) {
        return bus.subscribe(topic(), event -> onPublished.accept(event.getString("hash")), () -> onPublished.accept(null));
    }

    /** The name it is published under. */
    public String name() {
        return name;
    }

    private String key() {
        return "policy-bundle:" + name;
    }

    private String topic() {
        return "policy-bundle:" + name;
    }
}
