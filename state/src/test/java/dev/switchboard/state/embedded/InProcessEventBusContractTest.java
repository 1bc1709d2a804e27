package dev.switchboard.state.embedded;

import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.contract.EventBusContract;

/** The event bus contract against the embedded, in-process bus. */
class InProcessEventBusContractTest extends EventBusContract {
    @Override
    protected EventBus newBus() {
        return new InProcessEventBus();
    }
}
