package dev.switchboard.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading and showing rates. */
class LimitTest {
    @Test
    void readsRatesWithAndWithoutACount() {
        assertThat(Limit.parse("r", "10/1m", List.of()).window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(Limit.parse("r", "5/s", List.of()).window()).isEqualTo(Duration.ofSeconds(1));
        assertThat(Limit.parse("r", "100/12h", List.of()).window()).isEqualTo(Duration.ofHours(12));
        assertThat(Limit.parse("r", "1000/1d", List.of()).permits()).isEqualTo(1000);
        assertThat(Limit.parse("r", "3/90s", List.of()).rate()).isEqualTo("3/90s");
        assertThat(Limit.parse("r", "3/120s", List.of()).rate()).isEqualTo("3/2m");
    }

    @Test
    void refusesWhatIsNotARate() {
        for (String bad : List.of("", "10", "0/1m", "10/0m", "10/1w", "ten/1m", "10/-1m")) {
            assertThatThrownBy(() -> Limit.parse("r", bad, List.of())).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesARateTooFineToCountExactly() {
        assertThatThrownBy(() -> Limit.parse("r", "999999999/1d", List.of())).hasMessageContaining("cannot be counted exactly");
        assertThat(Limit.parse("r", "100000000/1d", List.of()).permits()).isEqualTo(100_000_000);
    }

    @Test
    void describesWhatItCountsPer() {
        assertThat(Limit.parse("r", "10/1m", List.of(Limit.Key.PRINCIPAL, Limit.Key.TOOL)).describe())
                .isEqualTo("10/1m per principal and tool");
    }
}
