package dev.switchboard.state.embedded;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.tasks.NewTask;
import dev.switchboard.state.tasks.TaskChange;
import dev.switchboard.state.tasks.TaskRecord;
import dev.switchboard.state.tasks.TaskRequest;
import dev.switchboard.state.tasks.TaskUpdateResult;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store on a hand-driven clock: expiry and leases to the millisecond. */
class InMemoryTaskStoreTest {
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private final Clock clock = new MillisClock(millis);
    private final InMemoryTaskStore store = new InMemoryTaskStore(clock);
    private final TaskRequest request = TaskRequest.of("tools/call", JsonObject.EMPTY);

    @Test
    void aTaskIsThereAtExactlyCreatedPlusTtlAndGoneOneMillisecondLater() {
        TaskRecord t = store.create(NewTask.builder("alice", request).ttl(Duration.ofSeconds(10)).build());
        millis.addAndGet(10_000);
        assertThat(store.get("alice", t.taskId())).isEqualTo(t);
        millis.addAndGet(1);
        assertThat(store.get("alice", t.taskId())).isNull();
        assertThat(store.update("alice", t.taskId(), TaskChange.working())).isInstanceOf(TaskUpdateResult.NotFound.class);
        assertThat(store.size()).isZero();
    }

    @Test
    void aLeaseRunsOutAtItsExpiryInstant() {
        TaskRecord t = store.create(NewTask.builder("alice", request).lease("a", Duration.ofSeconds(5)).build());
        millis.addAndGet(4_999);
        assertThat(store.expiredLeases(10)).isEmpty();
        millis.addAndGet(1);
        assertThat(store.expiredLeases(10)).extracting(TaskRecord::taskId).containsExactly(t.taskId());
        assertThat(store.update("alice", t.taskId(), TaskChange.acquireLease("b", Duration.ofSeconds(5))))
                .isInstanceOf(TaskUpdateResult.Updated.class);
        assertThat(store.expiredLeases(10)).isEmpty();
    }

    @Test
    void anIdOfAnExpiredTaskCanBeReused() {
        String id = "reused-id-0123456789abcdef";
        store.create(NewTask.builder("alice", request).taskId(id).ttl(Duration.ofSeconds(1)).build());
        millis.addAndGet(1_001);
        assertThat(store.create(NewTask.builder("bob", request).taskId(id).build()).owner()).isEqualTo("bob");
    }

    @Test
    void subMillisecondDurationsRoundUp() {
        TaskRecord t = store.create(NewTask.builder("alice", request).ttl(Duration.ofNanos(1_500_000)).build());
        assertThat(t.ttl()).isEqualTo(Duration.ofMillis(2));
    }
}
