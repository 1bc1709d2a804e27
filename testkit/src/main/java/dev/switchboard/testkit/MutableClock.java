package dev.switchboard.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A clock a test sets and moves forward (UTC). Thread-safe. */
public final class MutableClock extends Clock {
    private volatile Instant now;

    /** A clock standing at {@code start}. */
    public MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Moves the clock forward by {@code d}. */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
