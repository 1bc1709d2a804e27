package dev.switchboard.state.audit;

import java.time.Duration;
import java.util.Objects;

/**
 * When a file-backed audit log forces its records to the storage device ({@code fsync}), trading
 * append latency against what a power cut may take with it. A process crash loses no written record
 * (it is in the operating system's cache); closing a log always writes and forces everything.
 */
public sealed interface FsyncPolicy {

    /** Forces every record before {@code append} returns: nothing acknowledged is ever lost. The default. */
    static FsyncPolicy everyAppend() {
        return EveryAppend.INSTANCE;
    }

    /** Forces at most every {@code interval} (when something was written): a power cut loses at most that much. */
    static FsyncPolicy periodic(Duration interval) {
        return new Periodic(interval);
    }

    /**
     * Forces when the log's owner calls {@link AuditLog#sync()}: group commit. The writer appends a
     * batch, syncs once, and only then tells anyone their record is durable, so nothing
     * acknowledged is lost and one {@code fsync} covers many records. A file log holds the batch in
     * memory and writes it at the sync, with one write: a crash before then loses only records that
     * nobody was told about.
     */
    static FsyncPolicy onSync() {
        return OnSync.INSTANCE;
    }

    /** Leaves flushing to the operating system, forcing only on close. */
    static FsyncPolicy onClose() {
        return OnClose.INSTANCE;
    }

    /** Forces every record before {@code append} returns. */
    final class EveryAppend implements FsyncPolicy {
        private static final EveryAppend INSTANCE = new EveryAppend();

        private EveryAppend() {
        }

        @Override
        public String toString() {
            return "fsync every append";
        }
    }

    /**
     * Forces written records every {@code interval}, on a background thread.
     *
     * @param interval how often (positive)
     */
    record Periodic(Duration interval) implements FsyncPolicy {
        /** Checks the interval is positive. */
        public Periodic {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("fsync interval must be positive: " + interval);
            }
        }
    }

    /** Forces on {@link AuditLog#sync()} (and close). */
    final class OnSync implements FsyncPolicy {
        private static final OnSync INSTANCE = new OnSync();

        private OnSync() {
        }

        @Override
        public String toString() {
            return "fsync per batch (group commit)";
        }
    }

    /** Forces only on close. */
    final class OnClose implements FsyncPolicy {
        private static final OnClose INSTANCE = new OnClose();

        private OnClose() {
        }

        @Override
        public String toString() {
            return "fsync on close";
        }
    }
}
