package dev.switchboard.state.audit;

import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * An append-only, hash-chained log of decision and call records that nobody can quietly edit: every
 * record carries the hash of the one before it ({@link AuditRecord}), and {@link AuditVerifier} finds
 * the first record that was changed, removed or moved.
 *
 * <p>Appends from every thread, and with the Redis backend from every instance, form one chain in
 * one order. The embedded backend is a JSONL file; the Redis backend is a stream, exported or
 * drained to a JSONL file for long-term keeping.
 *
 * <p><b>Outages.</b> Nothing is lost silently (ARCHITECTURE §4): a backend that cannot reach its
 * shared log keeps the event in a local spool and chains it later, in order; {@link #append} then
 * returns empty. A backend with nowhere to put an event throws instead.
 *
 * <p>Thread-safe; methods block for I/O.
 */
public interface AuditLog extends AutoCloseable {

    /**
     * Appends {@code event} as the next record and returns once it is durable as the backend's
     * configuration defines it.
     *
     * @return the record as chained, or empty when the event went to the local spool because the
     *         shared log is unreachable (it gets its place in the chain when the spool is flushed)
     * @throws IllegalArgumentException when the event has no canonical encoding (a lone surrogate)
     * @throws java.io.UncheckedIOException when the event could be written nowhere
     */
    Optional<AuditRecord> append(JsonObject event);

    /**
     * Makes every record appended so far durable, for logs whose appends are not durable on their
     * own (a file with {@link FsyncPolicy#onSync()}: one {@code fsync} for a batch). A no-op where
     * {@link #append} already is.
     *
     * @throws java.io.UncheckedIOException when it fails; the records may then be lost
     */
    default void sync() {
    }

    /**
     * Up to {@code limit} records from sequence {@code fromSequence} on, in chain order. A backend
     * that hands old records to long-term storage (Redis after a drain) returns what it still holds.
     */
    List<AuditRecord> read(long fromSequence, int limit);

    /** Flushes and releases the log. Idempotent. */
    @Override
    void close();
}
