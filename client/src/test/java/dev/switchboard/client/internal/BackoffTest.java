package dev.switchboard.client.internal;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reconnection delays: doubling, capped, jittered within the upper half. */
class BackoffTest {
    private static final long MS = 1_000_000;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));

    @RepeatedTest(20)
    void eachDelayIsDrawnFromTheUpperHalfOfItsDoublingNominalValue() {
        long[] nominal = {100, 200, 400, 800, 1000, 1000};
        for (int attempt = 0; attempt < nominal.length; attempt++) {
            assertThat(backoff.delayNanos(attempt)).as("attempt %d", attempt)
                    .isBetween(nominal[attempt] * MS / 2, nominal[attempt] * MS);
        }
    }

    @Test
    void manyAttemptsStayAtTheCap() {
        assertThat(backoff.delayNanos(Integer.MAX_VALUE)).isBetween(500 * MS, 1000 * MS);
        Backoff huge = new Backoff(Duration.ofDays(1), Duration.ofDays(365_000));
        assertThat(huge.delayNanos(1_000)).as("saturated, not overflowed").isGreaterThan(Long.MAX_VALUE / 2 - 1);
    }

    @Test
    void theDelaysAreJittered() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            seen.add(backoff.delayNanos(3));
        }
        assertThat(seen).hasSizeGreaterThan(1);
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
    }
}
