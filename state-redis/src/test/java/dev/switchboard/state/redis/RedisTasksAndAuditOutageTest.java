package dev.switchboard.state.redis;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.audit.AuditVerification;
import dev.switchboard.state.audit.AuditVerifier;
import dev.switchboard.state.contract.Await;
import dev.switchboard.state.tasks.NewTask;
import dev.switchboard.state.tasks.TaskChange;
import dev.switchboard.state.tasks.TaskRecord;
import dev.switchboard.state.tasks.TaskRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Redis outages for tasks and audit: task calls fail fast with {@link StateUnavailableException}
 * (so the server can refuse task creation clearly) and work again after a restart with the data
 * kept; audit records spool locally while Redis is down and are chained later, in order, whether by
 * the next append, the background flush or the next log to open the spool. Nothing is lost.
 */
class RedisTasksAndAuditOutageTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    /** A failing call may take the timeout plus scheduling slack, never more. */
    private static final Duration BOUND = RedisState.DEFAULT_TIMEOUT.plusSeconds(1);
    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path dir;

    /** Loads Lettuce and Netty once, so the timed calls time network waits, not class loading. */
    @BeforeAll
    static void warmUp() {
        RedisState.connect(REDIS.uri()).close();
    }

    @AfterEach
    void redisRunsAgain() throws IOException {
        REDIS.start();
    }

    private static JsonObject event(int n) {
        return JsonObject.of("n", Json.of(n));
    }

    private static void awaitRedis(RedisState state) {
        Await.until("Redis answers again", Duration.ofSeconds(10), () -> {
            try {
                state.store().get("ping");
                return true;
            } catch (StateUnavailableException e) {
                return false;
            }
        });
    }

    private static List<JsonObject> events(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(l -> AuditRecord.parse(l).event()).toList();
    }

    @Test
    void everyTaskCallFailsFastDuringAnOutageAndTasksSurviveARestart() throws Exception {
        String owner = "user:" + UUID.randomUUID();
        try (RedisState state = RedisState.connect(REDIS.uri())) {
            RedisTaskStore tasks = state.tasks();
            TaskRecord t = tasks.create(NewTask.builder(owner, TaskRequest.of("tools/call", JsonObject.EMPTY))
                    .ttl(Duration.ofMinutes(5)).lease("instance-a", Duration.ofMinutes(1)).build());

            REDIS.stop();

            Map<String, Executable> calls = new LinkedHashMap<>();
            calls.put("create", () -> tasks.create(NewTask.builder(owner, TaskRequest.of("tools/call", JsonObject.EMPTY)).build()));
            calls.put("get", () -> tasks.get(owner, t.taskId()));
            calls.put("update", () -> tasks.update(owner, t.taskId(), TaskChange.completed(JsonObject.EMPTY)));
            calls.put("delete", () -> tasks.delete(owner, t.taskId()));
            calls.put("expiredLeases", () -> tasks.expiredLeases(10));
            for (Map.Entry<String, Executable> call : calls.entrySet()) {
                long start = System.nanoTime();
                StateUnavailableException e = assertThrows(StateUnavailableException.class, call.getValue(), call.getKey());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(call.getKey()).isLessThan(BOUND);
                assertThat(e.getMessage()).as(call.getKey())
                        .startsWith("Redis at 127.0.0.1:" + REDIS.port() + " is unavailable (")
                        .doesNotContain(t.taskId()).doesNotContain(owner);
            }

            REDIS.start();
            awaitRedis(state);
            assertThat(tasks.get(owner, t.taskId())).as("kept across the restart (append-only file)").isEqualTo(t);
            assertThat(tasks.update(owner, t.taskId(), TaskChange.completed(JsonObject.EMPTY)))
                    .isInstanceOf(dev.switchboard.state.tasks.TaskUpdateResult.Updated.class);
        }
    }

    @Test
    void auditRecordsSpoolDuringAnOutageAndTheNextAppendChainsThemFirst() throws Exception {
        String name = "outage-" + UUID.randomUUID();
        try (RedisState state = RedisState.connect(REDIS.uri())) {
            RedisAuditLog log = state.auditLog(name, dir.resolve("spool.jsonl"), NEVER);
            log.append(event(1)).orElseThrow();
            log.append(event(2)).orElseThrow();

            REDIS.stop();
            for (int i = 3; i <= 5; i++) {
                long start = System.nanoTime();
                assertThat(log.append(event(i))).as("spooled, not chained").isEqualTo(Optional.empty());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
            }
            assertThat(log.spooled()).isEqualTo(3);
            assertThat(Files.readAllLines(dir.resolve("spool.jsonl"))).hasSize(3);
            assertThrows(StateUnavailableException.class, log::flushSpool);
            assertThat(log.spooled()).isEqualTo(3);

            REDIS.start();
            awaitRedis(state);
            AuditRecord sixth = log.append(event(6)).orElseThrow();
            assertThat(sixth.sequence()).as("the spooled records were chained first").isEqualTo(6);
            assertThat(log.spooled()).isZero();
            assertThat(Files.size(dir.resolve("spool.jsonl"))).as("the spool is emptied").isZero();

            Path export = dir.resolve("export.jsonl");
            log.exportTo(export);
            AuditVerification v = AuditVerifier.verify(export);
            assertThat(v.intact()).as("%s", v).isTrue();
            assertThat(events(export)).containsExactly(event(1), event(2), event(3), event(4), event(5), event(6));
        }
    }

    @Test
    void theBackgroundFlushChainsTheSpoolWithoutAnotherAppend() throws Exception {
        String name = "background-" + UUID.randomUUID();
        try (RedisState state = RedisState.connect(REDIS.uri())) {
            RedisAuditLog log = state.auditLog(name, dir.resolve("spool.jsonl"), Duration.ofMillis(50));
            REDIS.stop();
            log.append(event(1));
            log.append(event(2));
            assertThat(log.spooled()).isEqualTo(2);
            REDIS.start();
            Await.until("the background flush chained the spool", Duration.ofSeconds(10), () -> log.spooled() == 0);
            assertThat(log.read(1, 10)).extracting(AuditRecord::event).containsExactly(event(1), event(2));
        }
    }

    @Test
    void aSpoolLeftBehindIsChainedByTheNextLogThatOpensIt() throws Exception {
        String name = "restart-" + UUID.randomUUID();
        Path spool = dir.resolve("spool.jsonl");
        try (RedisState state = RedisState.connect(REDIS.uri())) {
            RedisAuditLog log = state.auditLog(name, spool, NEVER);
            log.append(event(1)).orElseThrow();
            REDIS.stop();
            log.append(event(2));
            log.append(event(3));
            log.close(); // the instance goes away with two records spooled
        }
        REDIS.start();
        try (RedisState state = RedisState.connect(REDIS.uri())) {
            RedisAuditLog log = state.auditLog(name, spool, NEVER);
            assertThat(log.spooled()).isEqualTo(2);
            assertThat(log.flushSpool()).isEqualTo(2);
            assertThat(log.append(event(4)).orElseThrow().sequence()).isEqualTo(4);
            Path export = dir.resolve("export.jsonl");
            log.exportTo(export);
            assertThat(AuditVerifier.verify(export).intact()).isTrue();
            assertThat(events(export)).containsExactly(event(1), event(2), event(3), event(4));
        }
    }

    @Test
    void aFlushCutShortByACrashResumesAfterTheLastChainedEntry() throws Exception {
        String name = "resume-" + UUID.randomUUID();
        Path spool = dir.resolve("spool.jsonl");
        java.time.Instant t0 = java.time.Instant.parse("2026-07-28T10:00:00Z");
        // the state a crash leaves: three events spooled, the first chained and recorded as such ...
        try (AuditSpool s = AuditSpool.open(spool)) {
            for (int i = 1; i <= 3; i++) {
                s.add(t0.plusSeconds(i), event(i));
            }
            s.advance(s.peek(1).getFirst().end());
        }
        // ... and a torn fourth entry that never reached its line break
        Files.writeString(spool, "{\"time\":\"2026-07-28T10:00:04Z\",\"ev", java.nio.file.StandardOpenOption.APPEND);
        try (RedisState state = RedisState.connect(REDIS.uri())) {
            try (RedisAuditLog other = state.auditLog(name, dir.resolve("other.spool"), NEVER)) {
                other.append(event(1)); // stands for the chaining that happened before the crash
            }
            RedisAuditLog log = state.auditLog(name, spool, NEVER);
            assertThat(log.spooled()).isEqualTo(2);
            assertThat(log.flushSpool()).isEqualTo(2);
            assertThat(log.read(1, 10)).extracting(AuditRecord::event).containsExactly(event(1), event(2), event(3));
            assertThat(log.read(2, 1).getFirst().time()).as("a spooled record keeps its time").isEqualTo(t0.plusSeconds(2));
            assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                    .anyMatch(f -> f.startsWith("spool.jsonl.truncated-"))
                    .noneMatch(f -> f.equals("spool.jsonl.offset"));
        }
    }
}
