package dev.switchboard.state.redis;

import dev.switchboard.state.audit.AuditLog;
import dev.switchboard.state.contract.AuditLogContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log contract against a real Redis; the concurrent-writers test appends through four
 * instances (four connections, four spools) to one chain.
 */
class RedisAuditLogContractTest extends AuditLogContract {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedisState state;
    private final List<RedisState> others = new ArrayList<>();

    @BeforeAll
    static void connect() {
        state = RedisState.connect(REDIS.uri());
    }

    @AfterAll
    static void disconnect() {
        state.close();
    }

    @AfterEach
    void closeOthers() {
        others.forEach(RedisState::close);
    }

    @Override
    protected AuditLog openLog(String name) {
        return open(state, name, dir.resolve(name + ".spool"));
    }

    @Override
    protected Path export(AuditLog log, Path file) throws IOException {
        ((RedisAuditLog) log).exportTo(file);
        return file;
    }

    @Override
    protected List<AuditLog> writers(String name, AuditLog log, int n) {
        List<AuditLog> writers = new ArrayList<>(List.of(log));
        for (int i = 1; i < n; i++) {
            RedisState other = RedisState.connect(REDIS.uri());
            others.add(other);
            writers.add(open(other, name, dir.resolve(name + "-instance-" + i + ".spool")));
        }
        return writers;
    }

    private static AuditLog open(RedisState on, String name, Path spool) {
        try {
            return on.auditLog(name, spool);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
