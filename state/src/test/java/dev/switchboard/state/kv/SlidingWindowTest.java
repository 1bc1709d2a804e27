package dev.switchboard.state.kv;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sliding-window rule on its own: rolling counts forward, the fit test, and the exact retry-after. */
class SlidingWindowTest {
    private static final long T0 = 1_700_000_040_000L; // the start of a 60 s window

    /** The definition, written out separately: previous × (1 − e/W) + current + 1 ≤ permits. */
    private static boolean fitsByDefinition(long permits, long w, long previous, long current, long elapsed) {
        return previous * (w - elapsed) + (current + 1) * w <= permits * w;
    }

    /** Whether one more fits {@code t} ms after the start of the window holding {@code previous, current}. */
    private static boolean fitsLater(long permits, long w, long previous, long current, long t) {
        long windowsOn = t / w;
        long elapsed = t % w;
        return windowsOn == 0 ? fitsByDefinition(permits, w, previous, current, elapsed)
                : windowsOn == 1 ? fitsByDefinition(permits, w, current, 0, elapsed)
                : fitsByDefinition(permits, w, 0, 0, elapsed);
    }

    @Test
    void theRetryAfterIsTheFirstMillisecondWithRoomForEveryStateOfSmallWindows() {
        for (long w : new long[] {1, 2, 7, 97}) {
            for (long permits : new long[] {1, 2, 3, 10}) {
                SlidingWindow window = new SlidingWindow(permits, Duration.ofMillis(w));
                long index = window.index(T0);
                long start = index * w;
                for (long previous = 0; previous <= permits; previous++) {
                    for (long current = 0; current <= permits; current++) {
                        for (long elapsed = 0; elapsed < w; elapsed++) {
                            SlidingWindow.State state = new SlidingWindow.State(index, previous, current);
                            long retry = window.look(state, start + elapsed).retryAfterMs();
                            String at = "w=" + w + " permits=" + permits + " previous=" + previous + " current=" + current
                                    + " elapsed=" + elapsed;
                            assertThat(retry).as(at).isEqualTo(firstRoom(permits, w, previous, current, elapsed) - elapsed);
                        }
                    }
                }
            }
        }
    }

    private static long firstRoom(long permits, long w, long previous, long current, long elapsed) {
        for (long t = elapsed; ; t++) {
            if (fitsLater(permits, w, previous, current, t)) {
                return t;
            }
        }
    }

    @Test
    void countsRollForwardOneWindowAndAreGoneAfterTwo() {
        SlidingWindow window = new SlidingWindow(10, Duration.ofMinutes(1));
        long index = window.index(T0);
        SlidingWindow.State stored = new SlidingWindow.State(index, 4, 7);
        assertThat(window.at(stored, T0 + 59_999)).isEqualTo(stored);
        assertThat(window.at(stored, T0 + 60_000)).isEqualTo(new SlidingWindow.State(index + 1, 7, 0));
        assertThat(window.at(stored, T0 + 120_000)).isEqualTo(new SlidingWindow.State(index + 2, 0, 0));
        assertThat(window.at(null, T0 + 5)).isEqualTo(new SlidingWindow.State(index, 0, 0));
    }

    @Test
    void aCallerWhoseClockIsBehindTheNewestCountCountsAtThatWindowsStart() {
        SlidingWindow window = new SlidingWindow(10, Duration.ofMinutes(1));
        long index = window.index(T0);
        SlidingWindow.State ahead = new SlidingWindow.State(index + 1, 10, 0);
        assertThat(window.at(ahead, T0 + 59_000)).isEqualTo(ahead);
        // at that window's start the previous 10 still weigh fully: the wait is that of elapsed 0
        assertThat(window.look(ahead, T0 + 59_000).retryAfterMs()).isEqualTo(6_000);
    }

    @Test
    void theEstimateFromTheBriefHalfWayThroughTheNextWindow() {
        SlidingWindow window = new SlidingWindow(10, Duration.ofMinutes(1));
        long index = window.index(T0);
        // 10 in the previous window, half-way through this one: estimate 5, so 5 more fit
        for (long current = 0; current < 5; current++) {
            assertThat(window.look(new SlidingWindow.State(index, 10, current), T0 + 30_000).hadRoom()).isTrue();
        }
        Acquisition.Count full = window.look(new SlidingWindow.State(index, 10, 5), T0 + 30_000);
        assertThat(full.hadRoom()).isFalse();
        // the estimate 10 × (60 − e)/60 + 5 reaches 9 at e = 36 s
        assertThat(full.retryAfterMs()).isEqualTo(6_000);
    }

    @Test
    void refusesWindowsThatCannotBeCountedExactly() {
        assertThatThrownBy(() -> new SlidingWindow(0, Duration.ofSeconds(1))).hasMessageContaining("at least 1 permit");
        assertThatThrownBy(() -> new SlidingWindow(1, Duration.ofNanos(999_999))).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> new SlidingWindow(1, Duration.ofSeconds(-1))).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> new SlidingWindow(1_000_000_000, Duration.ofDays(1))).hasMessageContaining("2^53");
        assertThatThrownBy(() -> new SlidingWindow(2, Duration.ofMillis(SlidingWindow.MAX_PERMIT_MILLIS))).hasMessageContaining("2^53");
        assertThatThrownBy(() -> new SlidingWindow(1, Duration.ofDays(365L * 1_000_000_000))).hasMessageContaining("2^53");
        assertThat(new SlidingWindow(100_000_000, Duration.ofDays(1)).windowMs()).isEqualTo(86_400_000);
        assertThat(new SlidingWindow(1, Duration.ofMillis(SlidingWindow.MAX_PERMIT_MILLIS)).permits()).isEqualTo(1);
    }
}
