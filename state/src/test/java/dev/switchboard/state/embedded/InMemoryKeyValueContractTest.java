package dev.switchboard.state.embedded;

import dev.switchboard.state.contract.KeyValueContract;
import dev.switchboard.state.kv.KeyValue;

/** The key-value contract against the embedded, in-memory store. */
class InMemoryKeyValueContractTest extends KeyValueContract {
    @Override
    protected KeyValue newKeyValue() {
        return new InMemoryStore();
    }
}
