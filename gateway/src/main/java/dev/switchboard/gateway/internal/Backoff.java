package dev.switchboard.gateway.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnection attempts: doubling from {@code initial} up to {@code max}, each
 * drawn at random from the upper half of its nominal value, so that upstreams (or gateway
 * replicas) that failed together do not all return at the same instant. Not thread-safe; one per
 * upstream, used under its lock.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private int failures;

    /** A backoff with a uniform random jitter. */
    public Backoff(Duration initial, Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** A backoff drawing its jitter from {@code random} (values in [0, 1)); for tests. */
    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    public Duration next() {
        long nominal = initial.toMillis() << Math.min(failures, 30);
        if (nominal <= 0 || nominal > max.toMillis()) {
            nominal = max.toMillis();
        }
        failures++;
        return Duration.ofMillis(nominal / 2 + (long) (random.getAsDouble() * (nominal - nominal / 2)));
    }

    /** Starts again from {@code initial} (after a success). */
    public void reset() {
        failures = 0;
    }
}
