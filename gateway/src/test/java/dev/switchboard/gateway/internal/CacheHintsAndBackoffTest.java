package dev.switchboard.gateway.internal;

import dev.switchboard.protocol.CacheScope;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheHintsAndBackoffTest {

    @Test
    void combiningKeepsTheShortestTtlAndNarrowestScope() {
        CacheHints a = CacheHints.of(60_000, CacheScope.PUBLIC);
        CacheHints b = CacheHints.of(5_000, CacheScope.PUBLIC);
        CacheHints c = CacheHints.of(120_000, CacheScope.PRIVATE);
        assertThat(a.and(b)).isEqualTo(new CacheHints(5_000, CacheScope.PUBLIC));
        assertThat(a.and(c)).isEqualTo(new CacheHints(60_000, CacheScope.PRIVATE));
        assertThat(a.and(b).and(c)).isEqualTo(new CacheHints(5_000, CacheScope.PRIVATE));
        assertThat(a.and(null)).isEqualTo(a);
    }

    @Test
    void aMissingHintPromisesNothing() {
        assertThat(CacheHints.of(-5, null)).isEqualTo(CacheHints.NONE);
        assertThat(CacheHints.of(60_000, CacheScope.PUBLIC).and(CacheHints.NONE)).isEqualTo(CacheHints.NONE);
    }

    @Test
    void backoffDoublesWithinTheUpperHalfUpToMax() {
        Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.0);
        assertThat(low.next()).isEqualTo(Duration.ofMillis(50));
        assertThat(low.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(low.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(low.next()).isEqualTo(Duration.ofMillis(400));
        assertThat(low.next()).isEqualTo(Duration.ofMillis(500));
        assertThat(low.next()).isEqualTo(Duration.ofMillis(500));
        Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.999);
        assertThat(high.next().toMillis()).isBetween(99L, 100L);
        high.next();
        high.next();
        high.next();
        assertThat(high.next().toMillis()).isBetween(999L, 1000L);
        high.reset();
        assertThat(high.next().toMillis()).isBetween(99L, 100L);
    }

    @Test
    void backoffJitterSpreadsAttempts() {
        Backoff real = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1));
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            Duration d = real.next();
            assertThat(d).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            seen.add(d);
        }
        assertThat(seen).hasSizeGreaterThan(10);
    }

    @Test
    void backoffRefusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void templateVariablesAreFoundInEveryExpressionForm() {
        assertThat(Forwarding.variables("x://{a}/{+b}/{c,d*}{?e:3}")).containsExactly("a", "b", "c", "d", "e");
    }
}
