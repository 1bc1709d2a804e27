package dev.switchboard.client.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between reconnection attempts: {@code initial}, doubling per failed attempt up to
 * {@code max}, each drawn at random from its upper half ("equal jitter"), so that clients cut off
 * together do not come back together, and a retry never comes sooner than half the nominal delay.
 *
 * @param initial the nominal delay before the first attempt
 * @param max     the cap on the nominal delay
 */
public record Backoff(Duration initial, Duration max) {
    /** Checks the bounds. */
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The delay before attempt {@code attempt} (0 = the first after a drop), in nanoseconds. */
    public long delayNanos(int attempt) {
        long nominal = nanos(initial);
        long cap = maxNanos();
        for (int i = 0; i < attempt && nominal < cap; i++) {
            nominal = nominal > cap / 2 ? cap : nominal * 2;
        }
        nominal = Math.min(nominal, cap);
        long half = nominal / 2;
        return half + ThreadLocalRandom.current().nextLong(nominal - half + 1);
    }

    /** The cap in nanoseconds (saturated: centuries are as good as forever). */
    public long maxNanos() {
        return nanos(max);
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
