package dev.switchboard.state.redis;

import dev.switchboard.state.contract.TaskStoreContract;
import dev.switchboard.state.tasks.TaskStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The task store contract against a real Redis. */
class RedisTaskStoreContractTest extends TaskStoreContract {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedisState state;

    @BeforeAll
    static void connect() {
        state = RedisState.connect(REDIS.uri());
    }

    @AfterAll
    static void disconnect() {
        state.close();
    }

    @Override
    protected TaskStore newStore() {
        return state.tasks();
    }
}
