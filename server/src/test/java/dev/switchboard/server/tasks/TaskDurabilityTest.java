package dev.switchboard.server.tasks;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.RecordingSink;
import dev.switchboard.server.Rpc;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.embedded.InMemoryTaskStore;
import dev.switchboard.state.embedded.InProcessEventBus;
import dev.switchboard.state.tasks.TaskChange;
import dev.switchboard.state.tasks.TaskRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.server.tasks.TaskLifecycleTest.waitFor;
import static dev.switchboard.server.tasks.TaskRpc.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances sharing one store and one bus, with short leases: any instance answers for any
 * task; a task whose executor stops renewing is re-run elsewhere (idempotent tools) or failed as
 * "executor lost"; an executor that lost its lease stops and lands nothing; a listen stream on
 * one instance hears the changes of a task run on another.
 */
class TaskDurabilityTest {
    private static final Duration LEASE = Duration.ofMillis(300);
    private final InMemoryTaskStore shared = new InMemoryTaskStore();
    private final EventBus bus = new InProcessEventBus();
    private final PartitionableStore viewA = new PartitionableStore(shared);
    private final TaskTools toolsA = new TaskTools();
    private final TaskTools toolsB = new TaskTools();
    private final McpServer a = instance(toolsA, viewA, "node-a");
    private final McpServer b = instance(toolsB, shared, "node-b");
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    private McpServer instance(TaskTools tools, dev.switchboard.state.tasks.TaskStore store, String id) {
        return tools.register(McpServer.builder("t", "1")).taskStore(store).eventBus(bus).instanceId(id)
                .taskLease(LEASE).build();
    }

    @AfterEach
    void close() {
        viewA.cutOff(false);
        threads.shutdownNow();
        a.close();
        b.close();
        bus.close();
    }

    @Test
    void everyInstanceAnswersForATaskCreatedOnAnother() throws Exception {
        String id = TaskRpc.create(a, "sleep", "{\"ms\":100}", ALICE);
        assertThat(TaskRpc.get(b, id, ALICE).getString("taskId")).isEqualTo(id); // at once: created before the result
        JsonObject done = TaskRpc.await(b, id, "completed");
        assertThat(Rpc.text(done.getObject("result"))).isEqualTo("slept 100");
        assertThat(toolsB.started).hasValue(0);
    }

    @Test
    void theExecutorRenewsItsLeaseSoALongTaskIsNeverTakenOver() throws Exception {
        String id = TaskRpc.create(a, "sleep_idem", "{\"ms\":1500}", ALICE); // five leases long
        TaskRpc.await(b, id, ALICE, "completed", Duration.ofSeconds(5));
        assertThat(toolsA.started).hasValue(1);
        assertThat(toolsB.started).hasValue(0);
    }

    @Test
    void anIdempotentTaskWhoseExecutorDiedIsRunAgainElsewhereToCompletion() throws Exception {
        String id = TaskRpc.create(a, "sleep_idem", "{\"ms\":2000}", ALICE);
        assertThat(toolsA.running.await(5, TimeUnit.SECONDS)).isTrue();
        viewA.cutOff(true); // node-a can no longer renew: to everyone else it is dead
        assertThat(toolsB.running.await(5, TimeUnit.SECONDS)).as("node-b took the task over").isTrue();
        assertThat(toolsB.lastResumed).isTrue();
        assertThat(shared.get(ALICE, id).lease().holder()).isEqualTo("node-b");
        assertThat(TaskRpc.get(b, id, ALICE).getString("status")).isEqualTo("working"); // never not-found meanwhile
        viewA.cutOff(false); // node-a comes back: its next renewal is refused, so it stops its handler
        waitFor(() -> toolsA.interrupted.get() == 1);
        JsonObject done = TaskRpc.await(b, id, ALICE, "completed", Duration.ofSeconds(5));
        assertThat(Rpc.text(done.getObject("result"))).isEqualTo("slept 2000");
        assertThat(toolsA.finished).hasValue(0);
        assertThat(toolsB.finished).hasValue(1);
    }

    @Test
    void aSuccessorResumesWithTheStateItsPredecessorKeptWhenItAskedForInput() throws Exception {
        String id = TaskRpc.create(a, "ticket_idem", "{}", ALICE);
        TaskRpc.await(b, id, ALICE, "input_required", Duration.ofSeconds(5));
        viewA.cutOff(true); // node-a dies while the task waits for its answer
        waitFor(() -> shared.get(ALICE, id).lease() != null && shared.get(ALICE, id).lease().holder().equals("node-b"));
        TaskRpc.update(b, id, "{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}", ALICE);
        JsonObject done = TaskRpc.await(b, id, ALICE, "completed", Duration.ofSeconds(5));
        assertThat(Rpc.text(done.getObject("result"))).isEqualTo("ticket from-first-run");
        assertThat(toolsB.lastResumed).isTrue();
        viewA.cutOff(false);
    }

    @Test
    void aNonIdempotentTaskWhoseExecutorDiedFailsWithExecutorLost() throws Exception {
        String id = TaskRpc.create(a, "sleep", "{\"ms\":60000}", ALICE);
        assertThat(toolsA.running.await(5, TimeUnit.SECONDS)).isTrue();
        viewA.cutOff(true);
        JsonObject failed = TaskRpc.await(b, id, ALICE, "failed", Duration.ofSeconds(5));
        JsonObject error = failed.getObject("error");
        assertThat(error.getString("message")).startsWith("Executor lost").contains("node-a").contains("not idempotent");
        assertThat(error.getObject("data").getString("reason")).isEqualTo("executorLost");
        assertThat(toolsB.started).hasValue(0);
        viewA.cutOff(false);
        waitFor(() -> toolsA.interrupted.get() == 1); // the old executor notices and stops
        assertThat(TaskRpc.get(b, id, ALICE).getString("status")).isEqualTo("failed"); // nothing from node-a landed
    }

    @Test
    void aCancelRequestedWhileTheExecutorIsDeadEndsCancelled() throws Exception {
        String id = TaskRpc.create(a, "sleep_idem", "{\"ms\":60000}", ALICE);
        assertThat(toolsA.running.await(5, TimeUnit.SECONDS)).isTrue();
        viewA.cutOff(true);
        // the executor still holds a live lease: the request is only recorded, then the sweeper acts on it
        shared.update(ALICE, id, TaskChange.requestCancel());
        JsonObject cancelled = TaskRpc.await(b, id, ALICE, "cancelled", Duration.ofSeconds(5));
        assertThat(cancelled.getString("statusMessage")).contains("executor was lost");
        assertThat(toolsB.started).hasValue(0);
    }

    @Test
    void cancelThroughAnotherInstanceReachesTheExecutor() throws Exception {
        String id = TaskRpc.create(a, "sleep", "{\"ms\":60000}", ALICE);
        assertThat(toolsA.running.await(5, TimeUnit.SECONDS)).isTrue();
        TaskRpc.cancel(b, id, ALICE);
        TaskRpc.await(b, id, ALICE, "cancelled", Duration.ofSeconds(2));
        waitFor(() -> toolsA.interrupted.get() == 1);
    }

    @Test
    void aListenStreamOnOneInstanceHearsTheChangesOfATaskRunOnAnother() throws Exception {
        String id = TaskRpc.create(a, "ask", "{}", ALICE);
        TaskRpc.await(a, id, "input_required");
        RecordingSink sink = new RecordingSink();
        Request listen = Rpc.request("L", "subscriptions/listen", "{\"notifications\":{\"taskIds\":[\"" + id + "\"]}}",
                TaskRpc.EXT);
        threads.submit(() -> Rpc.handle(b, listen, ALICE, sink, new CancellationSignal()));
        assertThat(sink.next().method()).isEqualTo("notifications/subscriptions/acknowledged");
        TaskRpc.update(a, id, "{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}", ALICE);
        Notification n;
        do {
            n = sink.next(); // node-a runs and stores every change; the shared bus brings it to node-b's stream
            assertThat(n.method()).isEqualTo("notifications/tasks");
        } while (!"completed".equals(n.params().getString("status")));
        assertThat(toolsB.started).hasValue(0);
    }

    @Test
    void inputAnsweredThroughAnotherInstanceResumesTheExecutor() throws Exception {
        String id = TaskRpc.create(a, "ask", "{}", ALICE);
        TaskRpc.await(b, id, "input_required");
        TaskRpc.update(b, id, "{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}", ALICE);
        TaskRpc.await(b, id, "completed");
        assertThat(toolsA.started).hasValue(2);
        assertThat(toolsB.started).hasValue(0);
    }

    @Test
    void aStoppingInstanceGivesItsLeasesUpSoAnotherTakesOverAtOnce() throws Exception {
        String id = TaskRpc.create(a, "sleep_idem", "{\"ms\":300}", ALICE);
        assertThat(toolsA.running.await(5, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        a.close(); // gives the lease up: node-b need not wait for it to run out (300 ms)
        waitFor(() -> {
            b.sweepTasks();
            TaskRecord r = shared.get(ALICE, id);
            return r.isTerminal() || r.lease().holder().equals("node-b");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(LEASE);
        TaskRpc.await(b, id, "completed");
        assertThat(toolsB.lastResumed).isTrue();
    }
}
