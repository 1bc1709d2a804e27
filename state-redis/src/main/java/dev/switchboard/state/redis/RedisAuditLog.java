package dev.switchboard.state.redis;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.audit.AuditLog;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.audit.CanonicalJson;
import dev.switchboard.state.audit.FsyncPolicy;
import dev.switchboard.state.embedded.FileAuditLog;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link AuditLog} on a Redis stream: every instance appending to the same log name extends one
 * chain, in one order.
 *
 * <p><b>Layout.</b> The stream {@code <namespace>audit:<name>} holds one entry per record, with id
 * {@code <seq>-0} and the field {@code record} (the record's JSON line); the hash
 * {@code <namespace>audit:<name>:head} holds the chain head ({@code seq}, {@code hash}). An append
 * hashes the record in Java against the head it last saw, then a Lua script adds it and moves the
 * head only if the head is still that one (compare-and-set); a lost race returns the new head and
 * the append is re-hashed on it. Records carry the appending instance's clock.
 *
 * <p><b>Outages.</b> When Redis is unreachable, {@link #append} writes the event to a local spool
 * file (forced to the device) and returns empty; later appends go to the spool too while it holds
 * anything, so this instance's events keep their order. The spool is flushed in order into the
 * chain by the next append, by a background task every flush interval, or by {@link #flushSpool()},
 * and survives a restart (a new log on the same spool file flushes what the old one left). Records
 * spooled on one instance are chained after whatever other instances appended meanwhile, with their
 * original times. An append whose reply was lost after Redis applied it is spooled and chained a
 * second time: an outage may duplicate a record, never lose one.
 *
 * <p><b>Long-term keeping.</b> {@link #exportTo} copies the chain to a JSONL file that
 * {@link dev.switchboard.state.audit.AuditVerifier} checks; {@link #drainTo} also trims what was
 * copied from the stream (keeping the last record). Run one drainer per log.
 *
 * <p>Thread-safe.
 */
public final class RedisAuditLog implements AuditLog {
    private static final System.Logger LOG = System.getLogger(RedisAuditLog.class.getName());
    private static final int MAX_ATTEMPTS = 1000;
    private static final int BATCH = 500;

    /**
     * Appends a record if the head is still at ARGV[1]. ARGV: expected seq, new seq, new hash, record
     * line. Returns {1}, or {0, seq, hash} with the head as it is.
     */
    private static final LuaScript APPEND = new LuaScript("""
            local seq = redis.call('HGET', KEYS[1], 'seq') or '0'
            if seq ~= ARGV[1] then
              return {0, seq, redis.call('HGET', KEYS[1], 'hash') or ''}
            end
            redis.call('XADD', KEYS[2], ARGV[2] .. '-0', 'record', ARGV[4])
            redis.call('HSET', KEYS[1], 'seq', ARGV[2], 'hash', ARGV[3])
            return {1}
            """);

    private final RedisCommands<String, String> redis;
    private final String name;
    private final String streamKey;
    private final String headKey;
    private final Failures failures;
    private final Clock clock;
    private final AuditSpool spool;
    private final Path spoolFileName;
    private final ScheduledExecutorService flusher;
    private final ReentrantLock lock = new ReentrantLock();
    private long headSeq = -1;           // guarded by lock; -1: not read yet
    private String headHash;             // guarded by lock
    private boolean spooling;            // guarded by lock: for one warning per outage
    private volatile boolean closed;

    RedisAuditLog(RedisCommands<String, String> redis, String namespace, String name, Path spoolFile, Duration flushInterval,
                  Clock clock, Failures failures) throws IOException {
        this.redis = redis;
        this.name = name;
        this.streamKey = namespace + "audit:" + name;
        this.headKey = streamKey + ":head";
        this.failures = failures;
        this.clock = clock;
        this.spool = AuditSpool.open(spoolFile);
        this.spoolFileName = spoolFile;
        this.flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("sb-audit-flush-" + name).factory());
        long ms = Math.max(1, flushInterval.toMillis());
        flusher.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Appends {@code event} to the shared chain or, while Redis is unreachable (or the spool still
     * holds earlier events), to the local spool.
     *
     * @return the record, or empty when the event was spooled
     * @throws IllegalArgumentException when the event has no canonical encoding (a lone surrogate)
     * @throws UncheckedIOException     when Redis is unreachable and the spool cannot be written either
     */
    @Override
    public Optional<AuditRecord> append(JsonObject event) {
        Objects.requireNonNull(event, "event");
        CanonicalJson.encode(event); // refuse now what could never be chained, rather than at flush time
        Instant time = clock.instant();
        lock.lock();
        try {
            checkOpen();
            if (spool.pending() > 0) {
                tryFlush();
            }
            if (spool.pending() == 0) {
                try {
                    AuditRecord r = chain(time, event);
                    spooling = false;
                    return Optional.of(r);
                } catch (StateUnavailableException e) {
                    if (!spooling) {
                        LOG.log(System.Logger.Level.WARNING, "audit log " + name + ": " + e.getMessage()
                                + "; spooling records to " + spoolPath() + " until it is back");
                    }
                    spooling = true;
                }
            }
            spool.add(time, event);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("audit log " + name + ": Redis is unavailable and the spool " + spoolPath()
                    + " cannot be written: the event was not recorded", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Chains every spooled event, oldest first.
     *
     * @return how many were chained
     * @throws StateUnavailableException when Redis is still unreachable (what was chained stays chained)
     */
    public int flushSpool() {
        lock.lock();
        try {
            checkOpen();
            int flushed = 0;
            while (spool.pending() > 0) {
                for (AuditSpool.Entry e : spool.peek(BATCH)) {
                    chain(e.time(), e.event());
                    spool.advance(e.end());
                    flushed++;
                }
            }
            if (flushed > 0) {
                spooling = false;
                LOG.log(System.Logger.Level.INFO, "audit log " + name + ": chained " + flushed + " spooled records");
            }
            return flushed;
        } catch (IOException e) {
            throw new UncheckedIOException("audit log " + name + ": cannot read or update the spool " + spoolPath(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Events in the local spool, waiting for Redis. */
    public int spooled() {
        lock.lock();
        try {
            return spool.pending();
        } finally {
            lock.unlock();
        }
    }

    private void tryFlush() {
        try {
            flushSpool();
        } catch (StateUnavailableException e) {
            // still down: the caller spools behind what is there
        }
    }

    private void flushQuietly() {
        if (closed || !lock.tryLock()) {
            return; // an append is under way and flushes first anyway
        }
        try {
            if (spool.pending() > 0) {
                tryFlush();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit log " + name + ": flushing the spool failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Chains one record at the shared head; retries on the head another instance moved. Under the lock. */
    private AuditRecord chain(Instant time, JsonObject event) {
        if (headSeq < 0) {
            List<String> head = failures.call("audit head", () -> redis.hmget(headKey, "seq", "hash").stream()
                    .map(kv -> kv.getValueOrElse(null)).toList());
            headSeq = head.get(0) == null ? 0 : Long.parseLong(head.get(0));
            headHash = head.get(1) == null ? AuditRecord.GENESIS : head.get(1);
        }
        String[] keys = {headKey, streamKey};
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            AuditRecord r = AuditRecord.next(headSeq, headHash, time, event);
            List<Object> reply = failures.call("audit append", () -> APPEND.run(redis, ScriptOutputType.MULTI, keys,
                    Long.toString(headSeq), Long.toString(r.sequence()), r.hash(), r.toLine()));
            if (((Long) reply.get(0)) == 1) {
                headSeq = r.sequence();
                headHash = r.hash();
                return r;
            }
            headSeq = Long.parseLong((String) reply.get(1));
            headHash = headSeq == 0 ? AuditRecord.GENESIS : (String) reply.get(2);
        }
        throw new IllegalStateException("audit log " + name + ": gave up an append after " + MAX_ATTEMPTS + " lost races");
    }

    @Override
    public List<AuditRecord> read(long fromSequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        List<StreamMessage<String, String>> entries = failures.call("XRANGE", () -> redis.xrange(streamKey,
                Range.create(Math.max(1, fromSequence) + "-0", "+"), Limit.from(limit)));
        List<AuditRecord> out = new ArrayList<>(entries.size());
        for (StreamMessage<String, String> m : entries) {
            out.add(AuditRecord.parse(m.getBody().get("record")));
        }
        return out;
    }

    /**
     * Appends every record of the stream that {@code file} does not have yet to that JSONL file
     * (created when absent), each checked to continue the file's chain; forced to the device before
     * returning.
     *
     * @return how many records were written
     * @throws IllegalStateException when the stream no longer holds the records that would continue
     *                               the file (they were drained to another file)
     */
    public long exportTo(Path file) throws IOException {
        return exportTo(file, 0);
    }

    /**
     * {@link #exportTo(Path)}, the file rotating as {@link FileAuditLog} rotates at
     * {@code rotateAtBytes} (0: never): the chain goes on in segments beside it.
     */
    public long exportTo(Path file, long rotateAtBytes) throws IOException {
        return copy(file, rotateAtBytes).written();
    }

    /**
     * {@link #exportTo exports} to {@code file}, then trims the exported records from the stream,
     * keeping the last one (the chain head stays readable).
     *
     * @return how many records were written to the file
     */
    public long drainTo(Path file) throws IOException {
        return drainTo(file, 0);
    }

    /** {@link #drainTo(Path)}, the file rotating at {@code rotateAtBytes} (0: never) as {@link #exportTo(Path, long)}. */
    public long drainTo(Path file, long rotateAtBytes) throws IOException {
        Copied copied = copy(file, rotateAtBytes);
        if (copied.last() > 0) {
            String minId = copied.last() + "-0";
            failures.call("XTRIM", () -> redis.xtrim(streamKey, XTrimArgs.Builder.minId(minId)));
        }
        return copied.written();
    }

    /** What a copy did: records written, and the last sequence now in the file (0: none). */
    private record Copied(long written, long last) {
    }

    private Copied copy(Path file, long rotateAtBytes) throws IOException {
        try (FileAuditLog out = FileAuditLog.open(file, FsyncPolicy.onClose(), rotateAtBytes, clock)) {
            long next = out.last().map(r -> r.sequence() + 1).orElse(1L);
            long written = 0;
            for (List<AuditRecord> batch = read(next, BATCH); !batch.isEmpty(); batch = read(next, BATCH)) {
                if (batch.getFirst().sequence() != next) {
                    throw new IllegalStateException("audit log " + name + ": " + file + " ends at record " + (next - 1)
                            + " but the stream continues at record " + batch.getFirst().sequence()
                            + "; the records between were drained to another file");
                }
                for (AuditRecord r : batch) {
                    out.appendChained(r);
                }
                next = batch.getLast().sequence() + 1;
                written += batch.size();
            }
            return new Copied(written, next - 1);
        } // closing forces the file to the device before anything is trimmed
    }

    private Path spoolPath() {
        return spoolFileName;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("audit log " + name + " is closed");
        }
    }

    /** Stops the background flush and releases the spool; what it holds is flushed by the next log on it. */
    @Override
    public void close() {
        flusher.shutdownNow();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (spool.pending() > 0) {
                LOG.log(System.Logger.Level.WARNING, "audit log " + name + " closed with " + spool.pending()
                        + " spooled records in " + spoolPath() + "; they are chained when a log opens that spool again");
            }
            spool.close();
        } catch (IOException e) {
            throw new UncheckedIOException("audit log " + name + ": could not close the spool", e);
        } finally {
            lock.unlock();
        }
    }
}
