package dev.switchboard.state.kv;

import java.time.Duration;
import java.util.Map;

/**
 * Global rate counts and marks with a time to live: rate limits and budgets, consumed-once
 * nonces, revoked session ids. Atomic across every instance of a deployment. Thread-safe.
 */
public interface Counters {

    /**
     * Takes one permit from each key's {@link SlidingWindow} at {@code nowMillis}, all or none,
     * atomically: when every window has room for one more, each counts it and the acquisition is
     * allowed; otherwise none counts it (a refusal costs nothing) and the caller learns how long
     * to wait. A key is always asked with the same window: its counts mean nothing under another.
     *
     * <p>{@code nowMillis} is the caller's clock: instances of a fleet are assumed to agree to
     * well within a window; one whose clock is behind the newest count of a key counts as if at
     * the start of that count's window.
     *
     * @param windows   each key's window, in the order the result reports them (none: allowed)
     * @param nowMillis the time of the acquisition, epoch milliseconds
     */
    Acquisition acquire(Map<String, SlidingWindow> windows, long nowMillis);

    /** {@link #acquire(Map, long)} for one key. */
    default Acquisition acquire(String key, SlidingWindow window, long nowMillis) {
        return acquire(Map.of(key, window), nowMillis);
    }

    /** Sets a mark for {@code ttl}; returns true when it was not already set (first use). */
    boolean mark(String key, Duration ttl);

    /** True while the mark under {@code key} is set. */
    boolean isMarked(String key);
}
