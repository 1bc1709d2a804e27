package dev.switchboard.state.embedded;

import dev.switchboard.state.contract.TaskStoreContract;
import dev.switchboard.state.tasks.TaskStore;

/** The task store contract against the embedded, in-memory store. */
class InMemoryTaskStoreContractTest extends TaskStoreContract {
    @Override
    protected TaskStore newStore() {
        return new InMemoryTaskStore();
    }
}
