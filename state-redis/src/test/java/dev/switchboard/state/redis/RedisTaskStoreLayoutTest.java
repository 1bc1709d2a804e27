package dev.switchboard.state.redis;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.tasks.NewTask;
import dev.switchboard.state.tasks.TaskChange;
import dev.switchboard.state.tasks.TaskRecord;
import dev.switchboard.state.tasks.TaskRequest;
import dev.switchboard.state.tasks.TaskStatus;
import dev.switchboard.state.tasks.TaskUpdateResult;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tasks on Redis as two instances see them: one instance's task is the other's, a race between
 * instances has one winner; and the layout in Redis that the README documents (a hash per task with
 * an expiry, a lease index scored by lease expiry).
 */
class RedisTaskStoreLayoutTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> rawConnection;
    private static RedisCommands<String, String> raw;

    private RedisState a;
    private RedisState b;
    private String owner;
    private final TaskRequest request = TaskRequest.of("tools/call", JsonObject.of("name", Json.of("slow")));

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
    void connect() {
        a = RedisState.connect(REDIS.uri());
        b = RedisState.connect(REDIS.uri());
        owner = "user:" + UUID.randomUUID();
    }

    @AfterEach
    void disconnect() {
        a.close();
        b.close();
    }

    @Test
    void aTaskCreatedOnOneInstanceIsServedAndFinishedByAnother() {
        TaskRecord t = a.tasks().create(NewTask.builder(owner, request).ttl(Duration.ofMinutes(1)).build());
        assertThat(b.tasks().get(owner, t.taskId())).isEqualTo(t);
        TaskUpdateResult r = b.tasks().update(owner, t.taskId(), TaskChange.completed(JsonObject.EMPTY));
        assertThat(r).isInstanceOf(TaskUpdateResult.Updated.class);
        assertThat(a.tasks().get(owner, t.taskId()).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void instancesRacingToFinishATaskHaveOneWinner() throws Exception {
        for (int round = 0; round < 10; round++) {
            TaskRecord t = a.tasks().create(NewTask.builder(owner, request).ttl(Duration.ofMinutes(1)).build());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TaskUpdateResult>> futures = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    RedisState instance = i % 2 == 0 ? a : b;
                    TaskChange change = i % 4 < 2 ? TaskChange.completed(JsonObject.EMPTY) : TaskChange.cancelled();
                    futures.add(pool.submit(() -> {
                        start.await();
                        return instance.tasks().update(owner, t.taskId(), change);
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<TaskUpdateResult> f : futures) {
                    winners += f.get(30, TimeUnit.SECONDS) instanceof TaskUpdateResult.Updated ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        }
    }

    @Test
    void aTaskIsAHashWithAnExpiryAndItsLeaseIsInTheIndex() {
        TaskRecord t = a.tasks().create(NewTask.builder(owner, request).ttl(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(2)).lease("instance-a", Duration.ofSeconds(20)).build());
        String key = "sb:task:" + t.taskId();
        Map<String, String> hash = raw.hgetall(key);
        assertThat(hash).containsEntry("id", t.taskId()).containsEntry("owner", owner).containsEntry("status", "working")
                .containsEntry("created", Long.toString(t.createdAt().toEpochMilli())).containsEntry("ttl", "30000")
                .containsEntry("poll", "2000").containsEntry("method", "tools/call")
                .containsEntry("params", Wire.toText(request.params())).containsEntry("leaseHolder", "instance-a")
                .containsEntry("version", "1").doesNotContainKeys("result", "error", "message");
        assertThat(raw.pexpiretime(key)).isEqualTo(t.expiresAt().toEpochMilli());
        assertThat(raw.zscore("sb:tasks:leases", t.taskId())).isEqualTo((double) t.lease().expiresAt().toEpochMilli());

        a.tasks().update(owner, t.taskId(), TaskChange.completed(JsonObject.of("ok", Json.of(true))));
        assertThat(raw.hget(key, "result")).isEqualTo("{\"ok\":true}");
        assertThat(raw.hget(key, "status")).isEqualTo("completed");
        assertThat(raw.zscore("sb:tasks:leases", t.taskId())).as("a finished task leaves the lease index").isNull();
        assertThat(raw.pexpiretime(key)).as("the expiry survives the rewrite").isEqualTo(t.expiresAt().toEpochMilli());
    }

    @Test
    void aTaskWithoutTtlHasNoRedisExpiry() {
        TaskRecord t = a.tasks().create(NewTask.builder(owner, request).build());
        assertThat(raw.pttl("sb:task:" + t.taskId())).isEqualTo(-1);
        a.tasks().update(owner, t.taskId(), TaskChange.ttl(Duration.ofSeconds(30)));
        assertThat(raw.pexpiretime("sb:task:" + t.taskId())).isEqualTo(t.createdAt().toEpochMilli() + 30_000);
    }

    @Test
    void theIndexForgetsTasksThatExpiredWithALease() {
        TaskRecord t = a.tasks().create(NewTask.builder(owner, request).ttl(Duration.ofMillis(100))
                .lease("instance-a", Duration.ofMillis(50)).build());
        dev.switchboard.state.contract.Await.until("the task expired", () -> a.tasks().get(owner, t.taskId()) == null);
        assertThat(a.tasks().expiredLeases(10_000)).extracting(TaskRecord::taskId).doesNotContain(t.taskId());
        assertThat(raw.zscore("sb:tasks:leases", t.taskId())).isNull();
    }

    @Test
    void worksAgainAfterRedisForgetsItsScripts() {
        TaskRecord t = a.tasks().create(NewTask.builder(owner, request).build());
        raw.scriptFlush();
        assertThat(a.tasks().update(owner, t.taskId(), TaskChange.cancelled())).isInstanceOf(TaskUpdateResult.Updated.class);
        raw.scriptFlush();
        assertThat(a.tasks().expiredLeases(1)).isNotNull();
        assertThat(a.tasks().delete(owner, t.taskId())).isTrue();
    }

    @Test
    void aHashThatIsNotATaskIsReportedNotMisread() {
        String id = "not-a-task-" + UUID.randomUUID().toString().replace("-", "");
        raw.hset("sb:task:" + id, Map.of("owner", owner, "status", "sleeping"));
        assertThatThrownBy(() -> a.tasks().get(owner, id)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a task record");
    }
}
