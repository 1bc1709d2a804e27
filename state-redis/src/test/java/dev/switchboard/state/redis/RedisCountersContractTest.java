package dev.switchboard.state.redis;

import dev.switchboard.state.contract.CountersContract;
import dev.switchboard.state.kv.Counters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

/** The counters contract against a real Redis; racing clients each have their own connection. */
class RedisCountersContractTest extends CountersContract {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedisState state;
    private final List<RedisState> clients = new ArrayList<>();

    @BeforeAll
    static void connect() {
        state = RedisState.connect(REDIS.uri());
    }

    @AfterAll
    static void disconnect() {
        state.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RedisState::close);
    }

    @Override
    protected Counters newCounters() {
        return state.store();
    }

    @Override
    protected Counters newClient() {
        RedisState client = RedisState.connect(REDIS.uri());
        clients.add(client);
        return client.store();
    }
}
