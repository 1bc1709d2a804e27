package dev.switchboard.state.kv;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of {@link Counters#acquire}: allowed, and then every window counted one more, or
 * refused, and then none did. {@code counts} says what each window held, by key, in the order
 * asked.
 *
 * @param allowed whether every window had room (and so counted this acquisition)
 * @param counts  each key's window as found, before this acquisition counted
 */
public record Acquisition(boolean allowed, Map<String, Count> counts) {

    public Acquisition {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /**
     * One key's window as found: the previous and the current window's counts, and how long until
     * it has room for one more (0: it had room).
     */
    public record Count(long previous, long current, long retryAfterMs) {
        /** True when this window had room for one more. */
        public boolean hadRoom() {
            return retryAfterMs == 0;
        }
    }

    /**
     * How long to wait before every window has room (0 when allowed): the longest of their waits,
     * since an estimate never grows while nothing is counted.
     */
    public long retryAfterMs() {
        return counts.values().stream().mapToLong(Count::retryAfterMs).max().orElse(0);
    }

    /** The key whose window makes the caller wait longest (the first such), or null when allowed. */
    public String longestWait() {
        if (allowed) {
            return null;
        }
        String longest = null;
        long wait = -1;
        for (Map.Entry<String, Count> e : counts.entrySet()) {
            if (e.getValue().retryAfterMs() > wait) {
                longest = e.getKey();
                wait = e.getValue().retryAfterMs();
            }
        }
        return longest;
    }
}
