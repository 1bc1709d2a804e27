package dev.switchboard.state.redis;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.audit.AuditVerification;
import dev.switchboard.state.audit.AuditVerifier;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit stream's layout in Redis, draining to long-term files, and names. */
class RedisAuditLogLayoutTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> rawConnection;
    private static RedisCommands<String, String> raw;

    @TempDir
    Path dir;
    private RedisState state;
    private RedisAuditLog log;
    private String name;

    @BeforeAll
    static void connectRaw() {
        rawClient = RedisClient.create(REDIS.uri().toString());
        rawConnection = rawClient.connect();
        raw = rawConnection.sync();
    }

    @AfterAll
    static void disconnectRaw() {
        rawConnection.close();
        rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @BeforeEach
    void open() throws IOException {
        state = RedisState.connect(REDIS.uri());
        name = "layout-" + UUID.randomUUID();
        log = state.auditLog(name, dir.resolve("spool.jsonl"));
    }

    @AfterEach
    void close() {
        state.close();
    }

    private static JsonObject event(int n) {
        return JsonObject.of("n", Json.of(n));
    }

    @Test
    void recordsAreStreamEntriesIdentifiedBySequenceAndTheHeadIsAHash() {
        AuditRecord first = log.append(event(1)).orElseThrow();
        AuditRecord second = log.append(event(2)).orElseThrow();
        List<StreamMessage<String, String>> entries = raw.xrange("sb:audit:" + name, Range.create("-", "+"));
        assertThat(entries).extracting(StreamMessage::getId).containsExactly("1-0", "2-0");
        assertThat(entries.get(1).getBody()).containsExactly(java.util.Map.entry("record", second.toLine()));
        assertThat(raw.hgetall("sb:audit:" + name + ":head")).containsOnly(
                java.util.Map.entry("seq", "2"), java.util.Map.entry("hash", second.hash()));
        assertThat(second.previousHash()).isEqualTo(first.hash());
    }

    @Test
    void drainingTrimsTheStreamAndLaterDrainsContinueTheFile() throws IOException {
        for (int i = 1; i <= 5; i++) {
            log.append(event(i));
        }
        Path archive = dir.resolve("archive.jsonl");
        assertThat(log.drainTo(archive)).isEqualTo(5);
        assertThat(raw.xlen("sb:audit:" + name)).as("the last record stays").isEqualTo(1);
        assertThat(log.read(1, 10)).extracting(AuditRecord::sequence).containsExactly(5L);
        for (int i = 6; i <= 8; i++) {
            log.append(event(i));
        }
        assertThat(log.drainTo(archive)).isEqualTo(3);
        assertThat(log.drainTo(archive)).as("nothing new").isZero();
        AuditVerification v = AuditVerifier.verify(archive);
        assertThat(v.intact()).as("%s", v).isTrue();
        assertThat(v.records()).isEqualTo(8);
        assertThatThrownBy(() -> log.exportTo(dir.resolve("fresh.jsonl"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("drained to another file");
    }

    @Test
    void anotherLogNameIsAnotherChain() throws IOException {
        log.append(event(1));
        try (RedisAuditLog other = state.auditLog(name + "-other", dir.resolve("other.spool"))) {
            assertThat(other.append(event(1)).orElseThrow().sequence()).isEqualTo(1);
        }
        assertThat(log.append(event(2)).orElseThrow().sequence()).isEqualTo(2);
    }

    @Test
    void appendsWorkAgainAfterRedisForgetsItsScripts() {
        log.append(event(1));
        raw.scriptFlush();
        assertThat(log.append(event(2)).orElseThrow().sequence()).isEqualTo(2);
    }

    @Test
    void namesAndSpoolsAreChecked() {
        assertThatThrownBy(() -> state.auditLog("no spaces", dir.resolve("x.spool"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.auditLog(name, dir.resolve("spool.jsonl"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use by another log");
    }
}
