package dev.switchboard.state.embedded;

import dev.switchboard.state.contract.CountersContract;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.SlidingWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The counters contract against the embedded, in-memory store. */
class InMemoryCountersContractTest extends CountersContract {
    @Override
    protected Counters newCounters() {
        return new InMemoryStore();
    }

    @Test
    void aWindowsStateIsKeptTwoWindowsAfterItsLastCountAndNoLonger() {
        AtomicLong now = new AtomicLong(T0 + 3_000);
        InMemoryStore store = new InMemoryStore(new MillisClock(now));
        SlidingWindow window = new SlidingWindow(1, Duration.ofSeconds(10));
        assertThat(store.acquire("k", window, now.get()).allowed()).isTrue();
        now.set(T0 + 4_000);
        assertThat(store.acquire("k", window, now.get()).allowed()).as("a refusal writes nothing").isFalse();
        now.set(T0 + 3_000 + 19_999);
        assertThat(store.size()).as("still the previous window's count").isEqualTo(1);
        now.set(T0 + 3_000 + 20_000);
        assertThat(store.size()).isZero();
    }
}
