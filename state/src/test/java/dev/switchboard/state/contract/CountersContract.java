package dev.switchboard.state.contract;

import dev.switchboard.state.kv.Acquisition;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.SlidingWindow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link Counters} backend must show (STYLE rule 33): a sliding window allows
 * its permits and no more, however many clients race for them, tells a refused caller exactly
 * when to retry, never counts a refusal, and takes from several windows all or none; a mark has
 * exactly one first user however many race for it.
 *
 * <p>Windows are asked at explicit instants ({@link #T0} onwards), so no test waits for them.
 * Like {@link KeyValueContract}, "not yet expired" and "expired no later than" are shown for marks
 * with a reference entry instead of sleeps. Every test uses its own keys.
 */
public abstract class CountersContract {
    /** A short time to live that tests wait out. */
    protected static final Duration SHORT = Duration.ofMillis(300);
    /** A time to live no test waits out. */
    protected static final Duration LONG = Duration.ofMinutes(10);
    /** The start of a 60 s window. */
    protected static final long T0 = 1_700_000_040_000L;
    /** The window most tests count in: 10 a minute. */
    protected static final SlidingWindow TEN_A_MINUTE = new SlidingWindow(10, Duration.ofMinutes(1));

    /** The counters under test. */
    protected Counters counters;
    private String prefix;

    /** The backend under test; called before each test. Its lifecycle belongs to the subclass. */
    protected abstract Counters newCounters();

    @BeforeEach
    void openCounters() {
        prefix = "contract:" + UUID.randomUUID() + ":";
        counters = newCounters();
    }

    /**
     * Another client of the same counters, for races: the same object for an in-process backend
     * (the default), another connection for a shared one. Its lifecycle belongs to the subclass.
     */
    protected Counters newClient() {
        return counters;
    }

    /** A key private to this test. */
    protected String key(String name) {
        return prefix + name;
    }

    /** Runs {@code task} on {@code threads} threads released together; returns their results. */
    private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    /** One permit of the 10-a-minute window under {@code name} at {@code at}: allowed or not. */
    private boolean take(String name, long at) {
        return counters.acquire(key(name), TEN_A_MINUTE, at).allowed();
    }

    @Test
    void tenAreAllowedAndTheEleventhLearnsExactlyWhenToRetry() {
        long at = T0 + 15_000;
        for (int i = 0; i < 10; i++) {
            Acquisition taken = counters.acquire(key("c"), TEN_A_MINUTE, at);
            assertThat(taken.allowed()).isTrue();
            assertThat(taken.counts().get(key("c"))).as("counts as found").isEqualTo(new Acquisition.Count(0, i, 0));
        }
        Acquisition refused = counters.acquire(key("c"), TEN_A_MINUTE, at);
        assertThat(refused.allowed()).isFalse();
        // 45 s to the next window, then 6 s until the 10 weigh 10 × (60 − 6)/60 = 9 and leave room for one
        assertThat(refused.counts()).containsExactly(Map.entry(key("c"), new Acquisition.Count(0, 10, 51_000)));
        assertThat(refused.retryAfterMs()).isEqualTo(51_000);
        assertThat(take("c", at + 50_999)).isFalse();
        assertThat(take("c", at + 51_000)).isTrue();
    }

    @Test
    void theNextWindowStartsWithThePreviousCountAndHalfWayHasHalfOfIt() {
        for (int i = 0; i < 10; i++) {
            assertThat(take("c", T0 + i)).isTrue();
        }
        Acquisition atTheStart = counters.acquire(key("c"), TEN_A_MINUTE, T0 + 60_000);
        assertThat(atTheStart.allowed()).as("estimate 10 × (1 − 0/60) + 0 = 10").isFalse();
        assertThat(atTheStart.counts().get(key("c"))).isEqualTo(new Acquisition.Count(10, 0, 6_000));
        int halfWay = 0;
        for (int i = 0; i < 20; i++) {
            halfWay += take("c", T0 + 90_000) ? 1 : 0;
        }
        assertThat(halfWay).as("estimate 10 × (1 − 30/60) = 5 leaves room for 5").isEqualTo(5);
    }

    @Test
    void aBurstAcrossAWindowBoundaryIsHeldToThePermits() {
        // One ask every 100 ms from 10 s before a window boundary to 10 s after it. Fixed windows
        // let 20 through here: 10 at 50 s and 10 more at 60 s. The sliding estimate lets the 10 at
        // 50.0-50.9 s through, then at 60 + e s weighs them as 10 × (60 − e)/60, which leaves room for
        // one more only from e = 6 s: 11 in these 20 s. After that the caller gets the steady rate
        // (one every 6 s), not a second burst. The estimate assumes the previous window's calls were
        // spread over it; bunched at its end like these, a whole 60 s span can still see almost
        // twice the permits (the 10 at 50 s and one every 6 s from 66 s: 18 by 110 s).
        List<Long> allowed = new ArrayList<>();
        for (long t = T0 + 50_000; t < T0 + 70_000; t += 100) {
            if (take("c", t)) {
                allowed.add(t - T0);
            }
        }
        assertThat(allowed).hasSize(11).last().isEqualTo(66_000L);
    }

    @Test
    void refusalsDoNotCount() {
        for (int i = 0; i < 10; i++) {
            assertThat(take("asked", T0)).isTrue();
            assertThat(take("quiet", T0)).isTrue();
        }
        for (long t = T0 + 1_000; t < T0 + 66_000; t += 100) {
            assertThat(take("asked", t)).as("refused at %d ms", t - T0).isFalse();
        }
        // from here both are asked alike: the 650 refusals must not show
        int allowedLater = 0;
        for (long t = T0 + 66_000; t < T0 + 200_000; t += 500) {
            Acquisition asked = counters.acquire(key("asked"), TEN_A_MINUTE, t);
            Acquisition quiet = counters.acquire(key("quiet"), TEN_A_MINUTE, t);
            assertThat(asked.counts().get(key("asked"))).as("at %d ms", t - T0).isEqualTo(quiet.counts().get(key("quiet")));
            assertThat(asked.allowed()).isEqualTo(quiet.allowed());
            allowedLater += asked.allowed() ? 1 : 0;
        }
        assertThat(allowedLater).as("the share comes back with time").isGreaterThan(10);
    }

    @Test
    void aCallerWhoseClockIsBehindCountsInTheNewestWindowAtItsStart() {
        for (int i = 0; i < 3; i++) {
            assertThat(take("c", T0 + 60_000)).isTrue();
        }
        Acquisition behind = counters.acquire(key("c"), TEN_A_MINUTE, T0 + 59_000);
        assertThat(behind.allowed()).isTrue();
        assertThat(behind.counts().get(key("c"))).isEqualTo(new Acquisition.Count(0, 3, 0));
        assertThat(counters.acquire(key("c"), TEN_A_MINUTE, T0 + 60_000).counts().get(key("c")))
                .as("the count went into the newest window, which did not move back").isEqualTo(new Acquisition.Count(0, 4, 0));
        for (int i = 0; i < 5; i++) {
            take("c", T0 + 60_000);
        }
        // full at 10: the wait is the one at the newest window's start, 60 s + 6 s
        assertThat(counters.acquire(key("c"), TEN_A_MINUTE, T0 + 59_000).retryAfterMs()).isEqualTo(66_000);
    }

    @Test
    void windowsOfDifferentKeysAreIndependent() {
        for (int i = 0; i < 10; i++) {
            take("a", T0);
        }
        assertThat(take("a", T0)).isFalse();
        assertThat(take("b", T0)).isTrue();
    }

    @Test
    void anAcquisitionOfSeveralWindowsIsAllOrNone() {
        SlidingWindow two = new SlidingWindow(2, Duration.ofMinutes(1));
        Map<String, SlidingWindow> both = new LinkedHashMap<>();
        both.put(key("wide"), TEN_A_MINUTE);
        both.put(key("narrow"), two);
        assertThat(counters.acquire(both, T0).allowed()).isTrue();
        assertThat(counters.acquire(both, T0).allowed()).isTrue();

        Acquisition refused = counters.acquire(both, T0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.counts().keySet()).containsExactly(key("wide"), key("narrow"));
        assertThat(refused.counts().get(key("wide"))).isEqualTo(new Acquisition.Count(0, 2, 0));
        assertThat(refused.counts().get(key("narrow")).hadRoom()).isFalse();
        assertThat(refused.longestWait()).isEqualTo(key("narrow"));
        assertThat(refused.retryAfterMs()).isEqualTo(refused.counts().get(key("narrow")).retryAfterMs()).isPositive();

        int wideLeft = 0;
        for (int i = 0; i < 10; i++) {
            wideLeft += take("wide", T0) ? 1 : 0;
        }
        assertThat(wideLeft).as("the refused acquisition took nothing from the window that had room").isEqualTo(8);
        assertThat(counters.acquire(Map.of(), T0).allowed()).isTrue();
    }

    @Test
    void clientsRacingOnOneWindowNeverGetMoreThanItsPermits() throws Exception {
        SlidingWindow window = new SlidingWindow(25, Duration.ofMinutes(1));
        List<Counters> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(newClient());
        }
        AtomicInteger next = new AtomicInteger();
        List<Integer> allowed = race(clients.size(), () -> {
            Counters mine = clients.get(next.getAndIncrement());
            int n = 0;
            for (int i = 0; i < 20; i++) {
                n += mine.acquire(key("c"), window, T0 + 1_000).allowed() ? 1 : 0;
            }
            return n;
        });
        assertThat(allowed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(25);
    }

    @Test
    void rejectsANonPositiveTtl() {
        assertThatThrownBy(() -> counters.mark(key("m"), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> counters.mark(key("m"), Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class);
        assertThat(counters.isMarked(key("m"))).isFalse();
    }

    @Test
    void isMarkedIsFalseForAnAbsentMark() {
        assertThat(counters.isMarked(key("absent"))).isFalse();
    }

    @Test
    void markReturnsTrueOnlyOnFirstUse() {
        assertThat(counters.mark(key("m"), LONG)).isTrue();
        assertThat(counters.isMarked(key("m"))).isTrue();
        assertThat(counters.mark(key("m"), LONG)).isFalse();
        assertThat(counters.mark(key("m"), LONG)).isFalse();
        assertThat(counters.isMarked(key("m"))).isTrue();
        assertThat(counters.isMarked(key("other"))).isFalse();
    }

    @Test
    void aMarkExpiresAfterItsTtlAndCanBeSetAgain() {
        assertThat(counters.mark(key("m"), SHORT)).isTrue();
        Await.until("the mark expired", () -> !counters.isMarked(key("m")));
        assertThat(counters.mark(key("m"), LONG)).isTrue();
        assertThat(counters.isMarked(key("m"))).isTrue();
    }

    @Test
    void markingAgainDoesNotExtendTheTtl() {
        assertThat(counters.mark(key("m"), SHORT)).isTrue();
        counters.mark(key("ref"), SHORT);
        assertThat(counters.mark(key("m"), LONG)).isFalse();
        Await.until("the reference expired", () -> !counters.isMarked(key("ref")));
        assertThat(counters.isMarked(key("m"))).isFalse();
    }

    @Test
    void concurrentMarksHaveExactlyOneWinner() throws Exception {
        int keys = 40;
        List<List<Boolean>> results = race(8, () -> {
            List<Boolean> mine = new ArrayList<>(keys);
            for (int k = 0; k < keys; k++) {
                mine.add(counters.mark(key("nonce-" + k), LONG));
            }
            return mine;
        });
        for (int k = 0; k < keys; k++) {
            int index = k;
            long winners = results.stream().filter(mine -> mine.get(index)).count();
            assertThat(winners).as("winners for nonce %d", k).isEqualTo(1);
            assertThat(counters.isMarked(key("nonce-" + k))).isTrue();
        }
    }

    @Test
    void aSubMillisecondTtlIsAcceptedAndExpires() {
        counters.mark(key("m"), Duration.ofNanos(1));
        Await.until("the mark expired", () -> !counters.isMarked(key("m")));
    }
}
