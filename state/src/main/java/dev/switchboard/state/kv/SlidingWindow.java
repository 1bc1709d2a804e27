package dev.switchboard.state.kv;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code permits} acquisitions per {@code window}, counted as a sliding window: windows
 * are aligned to the epoch, each keeps its own count, and the number taken over the last
 * {@code window} is estimated as {@code previous × (1 − elapsed/window) + current}, which assumes
 * the previous window's acquisitions were spread evenly over it. One more fits while that
 * estimate plus one is at most {@code permits}. A refusal counts nothing.
 *
 * <p>This class is the rule, in one place: {@link Counters} backends keep a {@link State} per key,
 * roll it forward with {@link #at}, and ask {@link #look} whether one more fits and, if not, when
 * it will. A backend that cannot run this code atomically (Redis runs a Lua script) mirrors
 * {@link #at} and the fit test exactly and then calls {@link #look} on what it saw.
 *
 * <p>Everything is whole milliseconds and exact integer arithmetic; {@code permits × window} is
 * bounded by {@link #MAX_PERMIT_MILLIS}, so it is exact in Lua's doubles too.
 *
 * @param permits acquisitions allowed per window, at least 1
 * @param window  the window, at least 1 ms (sub-millisecond parts are dropped)
 */
public record SlidingWindow(long permits, Duration window) {
    /** The largest {@code permits × window in ms}: 2<sup>53</sup>, where doubles stop counting exactly. */
    public static final long MAX_PERMIT_MILLIS = 1L << 53;

    /** @throws IllegalArgumentException when a bound above is broken, saying which */
    public SlidingWindow {
        Objects.requireNonNull(window, "window");
        if (permits < 1) {
            throw new IllegalArgumentException("a sliding window needs at least 1 permit, got " + permits);
        }
        if (window.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("a sliding window must be at least 1 ms, got " + window);
        }
        if (window.compareTo(Duration.ofMillis(MAX_PERMIT_MILLIS)) > 0
                || Math.multiplyHigh(permits, window.toMillis()) != 0 || permits * window.toMillis() > MAX_PERMIT_MILLIS) {
            throw new IllegalArgumentException(permits + " per " + window + " cannot be counted exactly: permits × window"
                    + " in milliseconds must be at most 2^53 (about 100000000 per day)");
        }
    }

    /** The window in milliseconds. */
    public long windowMs() {
        return window.toMillis();
    }

    /**
     * What a backend keeps per key: the newest window counted into ({@code nowMillis / windowMs}),
     * its count, and the count of the window before it.
     */
    public record State(long index, long previous, long current) {
        /** This state with one more acquisition in the current window. */
        public State counted() {
            return new State(index, previous, current + 1);
        }
    }

    /** The index of the window {@code nowMillis} falls in. */
    public long index(long nowMillis) {
        return Math.floorDiv(nowMillis, windowMs());
    }

    /**
     * {@code stored} (null when nothing is stored) rolled forward to the window of
     * {@code nowMillis}: the current count becomes the previous one a window later and is gone
     * two windows later. A state from a later window than now's (stored by an instance whose clock
     * is ahead) is kept as it is: this caller then counts as if at that window's start.
     */
    public State at(State stored, long nowMillis) {
        long index = index(nowMillis);
        if (stored == null || stored.index() < index - 1) {
            return new State(index, 0, 0);
        }
        if (stored.index() == index - 1) {
            return new State(index, stored.current(), 0);
        }
        return stored;
    }

    /**
     * What {@code state} (as rolled by {@link #at} for {@code nowMillis}) means for one more
     * acquisition at {@code nowMillis}: its counts, and 0 when one more fits now, else the
     * milliseconds until it will if nothing else is counted meanwhile (refusals are not). That is
     * the earliest millisecond at which the estimate leaves room, in this window or the next.
     */
    public Acquisition.Count look(State state, long nowMillis) {
        long elapsed = state.index() == index(nowMillis) ? nowMillis - state.index() * windowMs() : 0;
        return new Acquisition.Count(state.previous(), state.current(), retryAfterMs(state.previous(), state.current(), elapsed));
    }

    /**
     * True when one more fits at {@code elapsed} ms into the current window: {@code previous ×
     * (window − elapsed) / window + current + 1 ≤ permits}, multiplied out to stay in integers.
     * RedisStore's script tests the same inequality.
     */
    private boolean fits(long previous, long current, long elapsed) {
        long w = windowMs();
        return current < permits && previous * (w - elapsed) <= (permits - current - 1) * w;
    }

    private long retryAfterMs(long previous, long current, long elapsed) {
        if (fits(previous, current, elapsed)) {
            return 0;
        }
        long w = windowMs();
        if (current < permits && previous > 0) {
            // the previous window's weight shrinks as this one goes on: the first elapsed e with
            // previous × (w − e) ≤ (permits − current − 1) × w
            long at = w - (permits - current - 1) * w / previous;
            if (at < w) {
                return at - elapsed;
            }
        }
        // in the next window this window's count is the previous one and nothing is current yet;
        // its room comes at the first e with current × (w − e) ≤ (permits − 1) × w (at its start
        // if that holds there, at the start of the window after when permits is 1)
        long next = current == 0 ? 0 : Math.max(0, w - (permits - 1) * w / current);
        return w - elapsed + next;
    }
}
