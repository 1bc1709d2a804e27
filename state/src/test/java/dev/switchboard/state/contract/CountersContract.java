package dev.switchboard.state.contract;

import dev.switchboard.state.kv.Counters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link Counters} backend must show (STYLE rule 33): increments are atomic
 * under contention, a window starts at the first increment and is not stretched by later ones,
 * and a mark has exactly one first user however many race for it.
 *
 * <p>Like {@link KeyValueContract}, "not yet expired" and "expired no later than" are shown with a
 * reference entry instead of sleeps. Every test uses its own keys.
 */
public abstract class CountersContract {
    /** A short window or time to live that tests wait out. */
    protected static final Duration SHORT = Duration.ofMillis(300);
    /** A window or time to live no test waits out. */
    protected static final Duration LONG = Duration.ofMinutes(10);

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

    @Test
    void countIsZeroForAnAbsentCounter() {
        assertThat(counters.count(key("absent"))).isZero();
    }

    @Test
    void incrementReturnsTheNewValue() {
        assertThat(counters.increment(key("c"), LONG)).isEqualTo(1);
        assertThat(counters.increment(key("c"), LONG)).isEqualTo(2);
        assertThat(counters.increment(key("c"), LONG)).isEqualTo(3);
        assertThat(counters.count(key("c"))).isEqualTo(3);
        assertThat(counters.count(key("c"))).as("count does not increment").isEqualTo(3);
    }

    @Test
    void countersAreIndependent() {
        counters.increment(key("a"), LONG);
        counters.increment(key("a"), LONG);
        counters.increment(key("b"), LONG);
        assertThat(counters.count(key("a"))).isEqualTo(2);
        assertThat(counters.count(key("b"))).isEqualTo(1);
        assertThat(counters.count(key("c"))).isZero();
    }

    @Test
    void aCounterResetsWhenItsWindowEnds() {
        counters.increment(key("c"), SHORT);
        counters.increment(key("c"), SHORT);
        assertThat(counters.count(key("c"))).isEqualTo(2);
        Await.until("the window ended", () -> counters.count(key("c")) == 0);
        assertThat(counters.increment(key("c"), SHORT)).isEqualTo(1);
    }

    @Test
    void laterIncrementsDoNotStretchTheWindow() {
        Duration window = SHORT.multipliedBy(3);
        counters.increment(key("c"), window);                       // window: t0 .. t0 + 3 SHORT
        counters.mark(key("third"), SHORT);                         // gone at >= t0 + SHORT
        Await.until("a third of the window passed", () -> !counters.isMarked(key("third")));
        assertThat(counters.increment(key("c"), window)).isEqualTo(2);
        counters.mark(key("end"), SHORT.multipliedBy(2));           // gone at >= t0 + 3 SHORT
        Await.until("the whole window passed", () -> !counters.isMarked(key("end")));
        assertThat(counters.count(key("c"))).as("the window ends 3 SHORT after the first increment").isZero();
    }

    @Test
    void concurrentIncrementsAreAtomic() throws Exception {
        int threads = 8;
        int each = 500;
        List<List<Long>> seen = race(threads, () -> {
            List<Long> mine = new ArrayList<>(each);
            for (int i = 0; i < each; i++) {
                mine.add(counters.increment(key("c"), LONG));
            }
            return mine;
        });
        List<Long> all = seen.stream().flatMap(List::stream).sorted().toList();
        assertThat(all).as("every value handed out exactly once")
                .isEqualTo(LongStream.rangeClosed(1, (long) threads * each).boxed().toList());
        assertThat(counters.count(key("c"))).isEqualTo((long) threads * each);
        seen.forEach(mine -> assertThat(mine).as("one thread sees its values grow").isSorted());
    }

    @Test
    void rejectsANonPositiveWindowOrTtl() {
        assertThatThrownBy(() -> counters.increment(key("c"), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> counters.increment(key("c"), Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> counters.mark(key("m"), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(counters.count(key("c"))).isZero();
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
        counters.increment(key("c"), Duration.ofNanos(1));
        Await.until("the mark and the counter expired", () -> !counters.isMarked(key("m")) && counters.count(key("c")) == 0);
    }
}
