package dev.switchboard.state.embedded;

import dev.switchboard.state.contract.CountersContract;
import dev.switchboard.state.kv.Counters;

/** The counters contract against the embedded, in-memory store. */
class InMemoryCountersContractTest extends CountersContract {
    @Override
    protected Counters newCounters() {
        return new InMemoryStore();
    }
}
