package dev.switchboard.state.redis;

import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.contract.EventBusContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

/** The event bus contract against a real Redis; each test gets its own client and connections. */
class RedisEventBusContractTest extends EventBusContract {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final List<RedisState> states = new ArrayList<>();

    @Override
    protected EventBus newBus() {
        RedisState state = RedisState.connect(REDIS.uri());
        states.add(state);
        return state.bus();
    }

    @AfterEach
    void disconnect() {
        states.forEach(RedisState::close);
    }
}
