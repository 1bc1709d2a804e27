package dev.switchboard.state.redis;

import dev.switchboard.state.contract.KeyValueContract;
import dev.switchboard.state.kv.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key-value contract against a real Redis. */
class RedisKeyValueContractTest extends KeyValueContract {
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
    protected KeyValue newKeyValue() {
        return state.store();
    }
}
