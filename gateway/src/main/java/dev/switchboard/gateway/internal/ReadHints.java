package dev.switchboard.gateway.internal;

/**
 * Carries the caching hint of an upstream's {@code resources/read} result from the forwarding
 * handler out to {@link HintCombiner}, which wraps it on the same thread: the server's resource
 * handler returns only contents, so the hint has no other way out. Scoped by
 * {@link #open()}/{@link #take()}: nothing outlives the request.
 */
final class ReadHints {
    private static final ThreadLocal<CacheHints[]> SLOT = new ThreadLocal<>();

    private ReadHints() {
    }

    /** Opens the slot for one read on this thread. */
    static void open() {
        SLOT.set(new CacheHints[1]);
    }

    /** Records the upstream's hint, when a read on this thread opened the slot. */
    static void record(CacheHints hints) {
        CacheHints[] slot = SLOT.get();
        if (slot != null) {
            slot[0] = slot[0] == null ? hints : slot[0].and(hints);
        }
    }

    /** Closes the slot and returns what was recorded, or null. */
    static CacheHints take() {
        CacheHints[] slot = SLOT.get();
        SLOT.remove();
        return slot == null ? null : slot[0];
    }
}
