package dev.switchboard.state.embedded;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.kv.Acquisition;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.KeyValue;
import dev.switchboard.state.kv.SlidingWindow;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded {@link KeyValue} and {@link Counters}: one process, entries in a concurrent map
 * with an expiry each. Expired entries read as absent and are swept on writes, so memory follows
 * the live entries, not the history. Refuses nothing: a deployment of several instances must use
 * a shared backend instead (the configuration checks that).
 */
public final class InMemoryStore implements KeyValue, Counters {
    private static final int SWEEP_EVERY = 1024;
    private static final Duration MAX_TTL = Duration.ofMillis(Long.MAX_VALUE);

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final ReentrantLock acquiring = new ReentrantLock();

    /** A store on the system clock. */
    public InMemoryStore() {
        this(Clock.systemUTC());
    }

    /** A store on {@code clock} (tests). */
    public InMemoryStore(Clock clock) {
        this.clock = clock;
    }

    /** One value: a JSON object, a set of strings, a sliding window's state or a mark, with its expiry. */
    private record Entry(Object value, long expiresAt) {
        boolean live(long now) {
            return expiresAt > now;
        }
    }

    /**
     * The expiry instant for {@code ttl} from now: at least one millisecond away (a positive TTL
     * below a millisecond must not read as already expired), and saturated instead of overflowing
     * (a TTL like {@code ChronoUnit.FOREVER} means "never", not an exception or the past).
     */
    private long expiry(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        long now = clock.millis();
        long ms = ttl.compareTo(MAX_TTL) >= 0 ? Long.MAX_VALUE : Math.max(1, ttl.toMillis());
        return ms >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + ms;
    }

    private Entry live(String key) {
        Entry e = entries.get(key);
        if (e != null && !e.live(clock.millis())) {
            entries.remove(key, e);
            return null;
        }
        return e;
    }

    private void wrote() {
        if (writes.incrementAndGet() % SWEEP_EVERY == 0) {
            long now = clock.millis();
            entries.entrySet().removeIf(e -> !e.getValue().live(now));
        }
    }

    /** Number of live entries (for tests and metrics). */
    public int size() {
        long now = clock.millis();
        return (int) entries.values().stream().filter(e -> e.live(now)).count();
    }

    @Override
    public JsonObject get(String key) {
        Entry e = live(key);
        return e != null && e.value() instanceof JsonObject o ? o : null;
    }

    @Override
    public void put(String key, JsonObject value, Duration ttl) {
        entries.put(key, new Entry(value, expiry(ttl)));
        wrote();
    }

    @Override
    public void delete(String key) {
        entries.remove(key);
    }

    @Override
    public boolean putIfAbsent(String key, JsonObject value, Duration ttl) {
        Entry fresh = new Entry(value, expiry(ttl));
        boolean[] stored = {false};
        entries.compute(key, (k, old) -> {
            if (old != null && old.live(clock.millis())) {
                return old;
            }
            stored[0] = true;
            return fresh;
        });
        wrote();
        return stored[0];
    }

    @Override
    public boolean compareAndSet(String key, JsonObject expected, JsonObject value, Duration ttl) {
        Entry fresh = new Entry(value, expiry(ttl));
        boolean[] set = {false};
        entries.computeIfPresent(key, (k, old) -> {
            if (!old.live(clock.millis()) || !old.value().equals(expected)) {
                return old;
            }
            set[0] = true;
            return fresh;
        });
        wrote();
        return set[0];
    }

    @Override
    public boolean compareAndDelete(String key, JsonObject expected) {
        boolean[] deleted = {false};
        entries.computeIfPresent(key, (k, old) -> {
            if (!old.live(clock.millis()) || !old.value().equals(expected)) {
                return old;
            }
            deleted[0] = true;
            return null;
        });
        return deleted[0];
    }

    @Override
    public void addToSet(String key, String member, Duration ttl) {
        long exp = expiry(ttl);
        entries.compute(key, (k, old) -> {
            Set<String> members = new HashSet<>();
            if (old != null && old.live(clock.millis()) && old.value() instanceof Set<?> s) {
                s.forEach(m -> members.add((String) m));
            }
            members.add(member);
            return new Entry(Collections.unmodifiableSet(members), exp);
        });
        wrote();
    }

    @Override
    public void removeFromSet(String key, String member) {
        entries.computeIfPresent(key, (k, old) -> {
            if (!(old.value() instanceof Set<?> s) || !s.contains(member)) {
                return old;
            }
            Set<String> members = new HashSet<>();
            s.forEach(m -> members.add((String) m));
            members.remove(member);
            return members.isEmpty() ? null : new Entry(Collections.unmodifiableSet(members), old.expiresAt());
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<String> members(String key) {
        Entry e = live(key);
        return e != null && e.value() instanceof Set<?> s ? (Set<String>) s : Set.of();
    }

    /**
     * Under one lock, so that an acquisition of several keys is all or none (the lock is held only
     * while the map is read and written). A window's state lives two windows after its last count:
     * for one more window it is the previous one.
     */
    @Override
    public Acquisition acquire(Map<String, SlidingWindow> windows, long nowMillis) {
        Map<String, Acquisition.Count> counts = new LinkedHashMap<>();
        Map<String, SlidingWindow.State> found = new LinkedHashMap<>();
        boolean allowed = true;
        acquiring.lock();
        try {
            for (Map.Entry<String, SlidingWindow> w : windows.entrySet()) {
                Entry e = live(w.getKey());
                SlidingWindow.State state = w.getValue().at(e != null && e.value() instanceof SlidingWindow.State s ? s : null, nowMillis);
                Acquisition.Count count = w.getValue().look(state, nowMillis);
                counts.put(w.getKey(), count);
                found.put(w.getKey(), state);
                allowed &= count.hadRoom();
            }
            if (allowed) {
                found.forEach((key, state) -> entries.put(key, new Entry(state.counted(), expiry(windows.get(key).window().multipliedBy(2)))));
            }
        } finally {
            acquiring.unlock();
        }
        if (allowed) {
            wrote();
        }
        return new Acquisition(allowed, counts);
    }

    @Override
    public boolean mark(String key, Duration ttl) {
        long exp = expiry(ttl);
        boolean[] first = {false};
        entries.compute(key, (k, old) -> {
            if (old != null && old.live(clock.millis())) {
                return old;
            }
            first[0] = true;
            return new Entry(Boolean.TRUE, exp);
        });
        wrote();
        return first[0];
    }

    @Override
    public boolean isMarked(String key) {
        Entry e = live(key);
        return e != null && e.value() == Boolean.TRUE;
    }
}
