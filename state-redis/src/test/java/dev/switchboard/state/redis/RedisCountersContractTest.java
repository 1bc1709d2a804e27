package dev.switchboard.state.redis;

import dev.switchboard.state.contract.CountersContract;
import dev.switchboard.state.kv.Counters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The counters contract against a real Redis. */
class RedisCountersContractTest extends CountersContract {
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
    protected Counters newCounters() {
        return state.store();
    }
}
