package dev.switchboard.gateway.pinning;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.embedded.InProcessEventBus;
import dev.switchboard.state.kv.KeyValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The pinned and pending tool definitions of a deployment, in its shared {@link KeyValue} (so
 * every gateway instance, and the {@code switchboard gateway pins} command, see the same), with
 * operator decisions announced on its {@link EventBus} so running gateways apply them at once.
 *
 * <p>Layout, every key under {@code gateway:pins:}: {@code upstreams} (set of upstreams listed at
 * least once), {@code <upstream>:tools} (set of tools with a pin or pending definition),
 * {@code <upstream>:pin:<tool>} and {@code <upstream>:pending:<tool>}. Entries do not expire
 * (a TTL of a century: {@link KeyValue} has no "forever").
 *
 * <p>Two instances seeing a tool for the first time at the same moment may both write its pin;
 * they write the same definition unless the upstream changed in between, and then the last one
 * wins. Thread-safe.
 */
public final class Pins {
    /** The event-bus topic of operator decisions: {@code {"upstream","tool","decision"}}. */
    public static final String TOPIC = "gateway.pins";
    private static final String PREFIX = "gateway:pins:";
    private static final Duration KEEP = Duration.ofDays(36_500);

    private final KeyValue store;
    private final EventBus bus;
    private final Clock clock;

    /** Pins in {@code store}, decisions announced on {@code bus}. */
    public Pins(KeyValue store, EventBus bus) {
        this(store, bus, Clock.systemUTC());
    }

    Pins(KeyValue store, EventBus bus, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.clock = clock;
    }

    /** Pins of one process only: its own in-memory store and bus. */
    public static Pins embedded() {
        return new Pins(new InMemoryStore(), new InProcessEventBus());
    }

    /** True once {@code upstream} was listed and its tools pinned ({@link #markListed}). */
    public boolean listed(String upstream) {
        return store.members(PREFIX + "upstreams").contains(upstream);
    }

    /** Records that {@code upstream}'s first listing is pinned: tools it adds from now on are new. */
    public void markListed(String upstream) {
        store.addToSet(PREFIX + "upstreams", upstream, KEEP);
    }

    /** The pin of {@code tool} of {@code upstream}, or null. */
    public Pin pin(String upstream, String tool) {
        JsonObject j = store.get(pinKey(upstream, tool));
        return j == null ? null : new Pin(j.getString("hash"), ToolDefinition.fromJson(j.getObject("definition")),
                Instant.parse(j.getString("since")));
    }

    /** The pending (or rejected) definition of {@code tool} of {@code upstream}, or null. */
    public Pending pending(String upstream, String tool) {
        JsonObject j = store.get(pendingKey(upstream, tool));
        return j == null ? null : new Pending(j.getString("hash"), ToolDefinition.fromJson(j.getObject("definition")),
                Instant.parse(j.getString("seen")), Json.of(true).equals(j.get("rejected")));
    }

    /** Pins {@code definition} as what clients of {@code upstream} see (and drops what was pending for it). */
    public Pin pin(String upstream, ToolDefinition definition) {
        Pin pin = new Pin(definition.hash(), definition, clock.instant());
        store.put(pinKey(upstream, definition.name()), JsonObject.builder().put("hash", pin.hash())
                .put("definition", definition.toJson()).put("since", pin.since().toString()).build(), KEEP);
        store.delete(pendingKey(upstream, definition.name()));
        store.addToSet(PREFIX + upstream + ":tools", definition.name(), KEEP);
        return pin;
    }

    /**
     * Records {@code definition} as pending for {@code upstream}, unless that very definition is
     * already pending or rejected.
     *
     * @return true when it was recorded: a change nobody has reported yet
     */
    public boolean hold(String upstream, ToolDefinition definition) {
        String hash = definition.hash();
        Pending known = pending(upstream, definition.name());
        if (known != null && known.hash().equals(hash)) {
            return false;
        }
        write(upstream, new Pending(hash, definition, clock.instant(), false));
        store.addToSet(PREFIX + upstream + ":tools", definition.name(), KEEP);
        return true;
    }

    /** Forgets what was pending for {@code tool} (the upstream went back to the pinned definition). */
    public void dropPending(String upstream, String tool) {
        store.delete(pendingKey(upstream, tool));
    }

    /**
     * Pins the pending definition of {@code tool} of {@code upstream} (also a rejected one: an
     * operator may change their mind) and tells every gateway.
     *
     * @throws NoSuchElementException when nothing is pending for it
     */
    public Pin accept(String upstream, String tool) {
        Pending p = pending(upstream, tool);
        if (p == null) {
            throw new NoSuchElementException(nothingPending(upstream, tool));
        }
        Pin pin = pin(upstream, p.definition());
        announce(upstream, tool, "accepted");
        return pin;
    }

    /**
     * Rejects the pending definition of {@code tool} of {@code upstream}: it stays held back, and
     * is reported again only when the upstream changes it again. Tells every gateway.
     *
     * @throws NoSuchElementException when nothing is pending for it
     */
    public Pending reject(String upstream, String tool) {
        Pending p = pending(upstream, tool);
        if (p == null) {
            throw new NoSuchElementException(nothingPending(upstream, tool));
        }
        Pending rejected = new Pending(p.hash(), p.definition(), p.seen(), true);
        write(upstream, rejected);
        announce(upstream, tool, "rejected");
        return rejected;
    }

    /** Every upstream listed at least once, sorted. */
    public List<String> upstreams() {
        return List.copyOf(new TreeSet<>(store.members(PREFIX + "upstreams")));
    }

    /** What is stored for each tool of {@code upstream}, by tool name. */
    public List<PinEntry> entries(String upstream) {
        List<PinEntry> out = new ArrayList<>();
        for (String tool : new TreeSet<>(store.members(PREFIX + upstream + ":tools"))) {
            Pin pin = pin(upstream, tool);
            Pending pending = pending(upstream, tool);
            if (pin != null || pending != null) {
                out.add(new PinEntry(upstream, tool, pin, pending));
            }
        }
        return out;
    }

    /**
     * Runs {@code onDecision} (on a bus thread: it must not block) whenever an operator accepts or
     * rejects a definition, on any instance.
     */
    public EventBus.Subscription onDecision(Runnable onDecision) {
        return bus.subscribe(TOPIC, event -> onDecision.run());
    }

    private void write(String upstream, Pending p) {
        store.put(pendingKey(upstream, p.definition().name()), JsonObject.builder().put("hash", p.hash())
                .put("definition", p.definition().toJson()).put("seen", p.seen().toString())
                .put("rejected", p.rejected()).build(), KEEP);
    }

    private void announce(String upstream, String tool, String decision) {
        bus.publish(TOPIC, JsonObject.of("upstream", Json.of(upstream), "tool", Json.of(tool), "decision", Json.of(decision)));
    }

    private String nothingPending(String upstream, String tool) {
        Pin pin = pin(upstream, tool);
        return "upstream " + upstream + " has no pending definition of tool \"" + tool + "\""
                + (pin == null ? " (nor a pin: check the names with 'switchboard gateway pins list'; the tool name is the "
                + "upstream's own, without the gateway's prefix)" : " (its pinned definition " + pin.hash() + " is current)");
    }

    private static String pinKey(String upstream, String tool) {
        return PREFIX + upstream + ":pin:" + tool;
    }

    private static String pendingKey(String upstream, String tool) {
        return PREFIX + upstream + ":pending:" + tool;
    }
}
