package dev.switchboard.state.kv;

import dev.switchboard.protocol.json.JsonObject;

import java.time.Duration;
import java.util.Set;

/**
 * Small shared records with a time to live: session-scoped settings (log level, resource
 * subscriptions), server-minted handles, registry data. Every instance of a deployment sees the
 * same values; the embedded backend serves one process, the Redis one a fleet.
 *
 * <p>Keys are opaque strings; callers prefix them by purpose (e.g. {@code session:<id>:level}).
 * Expired entries read as absent. All methods are thread-safe and may block briefly (network).
 */
public interface KeyValue {

    /** The value under {@code key}, or null when absent or expired. */
    JsonObject get(String key);

    /** Stores {@code value} under {@code key} for {@code ttl}, replacing any previous value. */
    void put(String key, JsonObject value, Duration ttl);

    /** Removes {@code key}; absent keys are fine. */
    void delete(String key);

    /**
     * Stores {@code value} under {@code key} for {@code ttl} only when nothing (live) is there:
     * of several callers racing, exactly one gets true. The create-once step of a lease or of a
     * shared handle.
     */
    boolean putIfAbsent(String key, JsonObject value, Duration ttl);

    /**
     * Replaces the value under {@code key} by {@code value} for {@code ttl} only when it is
     * {@code expected} now (equal JSON), atomically; false when it is absent or another value.
     * Renews a lease, or replaces a handle only when it still holds the stale one.
     */
    boolean compareAndSet(String key, JsonObject expected, JsonObject value, Duration ttl);

    /** Removes {@code key} only when its value is {@code expected} now, atomically; true when removed. */
    boolean compareAndDelete(String key, JsonObject expected);

    /** Adds {@code member} to the set under {@code key} and (re)sets the set's time to live. */
    void addToSet(String key, String member, Duration ttl);

    /** Removes {@code member} from the set under {@code key}. */
    void removeFromSet(String key, String member);

    /** The members of the set under {@code key} (empty when absent or expired). */
    Set<String> members(String key);
}
