package dev.switchboard.state.embedded;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock reading the epoch milliseconds a test holds and moves. */
final class MillisClock extends Clock {
    private final AtomicLong millis;

    MillisClock(AtomicLong millis) {
        this.millis = millis;
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
        return Instant.ofEpochMilli(millis.get());
    }
}
