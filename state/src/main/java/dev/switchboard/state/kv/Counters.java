package dev.switchboard.state.kv;

import java.time.Duration;

/**
 * Global counters and marks with a time to live: rate limits, consumed-once nonces, revoked
 * session ids. Atomic across every instance of a deployment. Thread-safe.
 */
public interface Counters {

    /**
     * Adds one to the counter under {@code key} and returns the new value. The first increment
     * starts a window of {@code window}; the counter resets when it ends.
     */
    long increment(String key, Duration window);

    /** The counter's current value (0 when absent or expired). */
    long count(String key);

    /** Sets a mark for {@code ttl}; returns true when it was not already set (first use). */
    boolean mark(String key, Duration ttl);

    /** True while the mark under {@code key} is set. */
    boolean isMarked(String key);
}
