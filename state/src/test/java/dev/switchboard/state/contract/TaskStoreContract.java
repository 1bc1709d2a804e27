package dev.switchboard.state.contract;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.tasks.Lease;
import dev.switchboard.state.tasks.NewTask;
import dev.switchboard.state.tasks.StatusChange;
import dev.switchboard.state.tasks.TaskChange;
import dev.switchboard.state.tasks.TaskRecord;
import dev.switchboard.state.tasks.TaskRequest;
import dev.switchboard.state.tasks.TaskStatus;
import dev.switchboard.state.tasks.TaskStore;
import dev.switchboard.state.tasks.TaskUpdateResult;
import dev.switchboard.state.tasks.TaskUpdateResult.NotFound;
import dev.switchboard.state.tasks.TaskUpdateResult.Refusal;
import dev.switchboard.state.tasks.TaskUpdateResult.Refused;
import dev.switchboard.state.tasks.TaskUpdateResult.Updated;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// Over 400 lines on purpose: one suite per SPI, so a backend is checked by exactly one class.

/**
 * The behaviour every {@link TaskStore} backend must show (STYLE rule 33): records round trip
 * intact and stay private to their owner; exactly the extension's transitions happen, atomically
 * (one winner among racing instances); input requests and answers follow the extension's rules;
 * executor leases are granted, renewed, lost and taken over; tasks disappear after their time to
 * live and not before.
 *
 * <p>Every test uses its own owner, so a backend may be shared between tests; lease queries filter
 * to the test's own tasks. Time-dependent behaviour uses short leases and TTLs with bounded polling.
 */
public abstract class TaskStoreContract {
    /** A lease or time to live that tests wait out. */
    protected static final Duration SHORT = Duration.ofMillis(300);
    /** A lease or time to live no test waits out. */
    protected static final Duration LONG = Duration.ofMinutes(10);

    private static final JsonObject RESULT = JsonObject.of("content", Json.of("done"));
    private static final JsonObject ERROR = JsonObject.of("code", Json.of(-32603), "message", Json.of("boom"));
    private static final AtomicInteger KEYS = new AtomicInteger();

    /** The store under test. */
    protected TaskStore store;
    /** This test's principal. */
    protected String owner;

    /** The backend under test; called before each test. Its lifecycle belongs to the subclass. */
    protected abstract TaskStore newStore();

    @BeforeEach
    void openStore() {
        owner = "user:" + UUID.randomUUID();
        store = newStore();
    }

    private static TaskRequest request() {
        return TaskRequest.of("tools/call", JsonObject.of("name", Json.of("slow"), "arguments", JsonSamples.awkward()));
    }

    private TaskRecord create() {
        return store.create(NewTask.builder(owner, request()).ttl(LONG).build());
    }

    /** A change to {@code status}, with fresh input keys where it needs them. */
    private static TaskChange to(TaskStatus status) {
        return switch (status) {
            case WORKING -> TaskChange.working();
            case INPUT_REQUIRED -> TaskChange.inputRequired(JsonObject.of("k" + KEYS.incrementAndGet(),
                    JsonObject.of("method", Json.of("elicitation/create"))));
            case COMPLETED -> TaskChange.completed(RESULT);
            case FAILED -> TaskChange.failed(ERROR);
            case CANCELLED -> TaskChange.cancelled();
        };
    }

    /** A new task in {@code status}. */
    private TaskRecord taskIn(TaskStatus status) {
        TaskRecord t = create();
        return status == TaskStatus.WORKING ? t : updated(t, to(status));
    }

    private TaskRecord updated(TaskRecord t, TaskChange change) {
        TaskUpdateResult r = store.update(owner, t.taskId(), change);
        assertThat(r).as("%s on %s", change, t).isInstanceOf(Updated.class);
        return ((Updated) r).task();
    }

    private Refused refused(TaskRecord t, TaskChange change, Refusal reason) {
        TaskUpdateResult r = store.update(owner, t.taskId(), change);
        assertThat(r).as("%s on %s", change, t).isInstanceOf(Refused.class);
        Refused refused = (Refused) r;
        assertThat(refused.reason()).as("%s on %s: %s", change, t, refused.message()).isEqualTo(reason);
        assertThat(store.get(owner, t.taskId())).as("nothing stored").isEqualTo(refused.task());
        return refused;
    }

    // ---- ids, records, owners ----------------------------------------------------------------

    @Test
    void generatedIdsAreUniqueAndCarryAtLeast128Bits() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = create().taskId();
            assertThat(id).matches("[A-Za-z0-9_-]+");
            assertThat(Base64.getUrlDecoder().decode(id)).as("random bytes in %s", id).hasSizeGreaterThanOrEqualTo(16);
            ids.add(id);
        }
        assertThat(ids).hasSize(200);
    }

    @Test
    void aNewTaskIsWorkingAndReadsBackExactly() {
        TaskRecord t = store.create(NewTask.builder(owner, request()).ttl(LONG).pollInterval(Duration.ofMillis(1500))
                .statusMessage("queued").build());
        assertThat(t.status()).isEqualTo(TaskStatus.WORKING);
        assertThat(t.owner()).isEqualTo(owner);
        assertThat(t.statusMessage()).isEqualTo("queued");
        assertThat(t.lastUpdatedAt()).isEqualTo(t.createdAt());
        assertThat(t.ttl()).isEqualTo(LONG);
        assertThat(t.expiresAt()).isEqualTo(t.createdAt().plus(LONG));
        assertThat(t.pollInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(t.request()).isEqualTo(request());
        assertThat(t.history()).containsExactly(new StatusChange(TaskStatus.WORKING, t.createdAt(), "queued"));
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.lease()).isNull();
        assertThat(t.result()).isNull();
        assertThat(t.error()).isNull();
        assertThat(t.cancelRequested()).isFalse();
        assertThat(store.get(owner, t.taskId())).isEqualTo(t);
    }

    @Test
    void aTaskWithoutTtlHasNoExpiry() {
        TaskRecord t = store.create(NewTask.builder(owner, request()).build());
        assertThat(t.ttl()).isNull();
        assertThat(t.expiresAt()).isNull();
        assertThat(store.get(owner, t.taskId())).isEqualTo(t);
    }

    @Test
    void aCallerChosenIdIsUsedAndCannotBeTakenTwice() {
        String id = "caller-" + UUID.randomUUID().toString().replace("-", "");
        TaskRecord t = store.create(NewTask.builder(owner, request()).taskId(id).ttl(LONG).build());
        assertThat(t.taskId()).isEqualTo(id);
        assertThatThrownBy(() -> store.create(NewTask.builder("someone-else", request()).taskId(id).build()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.get(owner, id)).isEqualTo(t);
        assertThatThrownBy(() -> NewTask.builder(owner, request()).taskId("too-short").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NewTask.builder(owner, request()).taskId("x".repeat(30) + "/").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherPrincipalCannotSeeChangeOrDeleteATask() {
        TaskRecord t = create();
        String other = owner + "-other";
        assertThat(store.get(other, t.taskId())).isNull();
        assertThat(store.update(other, t.taskId(), TaskChange.cancelled())).isEqualTo(new NotFound(t.taskId()));
        assertThat(store.update(other, t.taskId(), TaskChange.requestCancel())).isInstanceOf(NotFound.class);
        assertThat(store.delete(other, t.taskId())).isFalse();
        assertThat(store.get(owner, t.taskId())).isEqualTo(t);
    }

    @Test
    void anUnknownTaskIsNotFound() {
        String id = "unknown-" + UUID.randomUUID().toString().replace("-", "");
        assertThat(store.get(owner, id)).isNull();
        assertThat(store.update(owner, id, TaskChange.completed(RESULT))).isEqualTo(new NotFound(id));
        assertThat(store.delete(owner, id)).isFalse();
    }

    @Test
    void deleteRemovesTheTask() {
        TaskRecord t = create();
        assertThat(store.delete(owner, t.taskId())).isTrue();
        assertThat(store.get(owner, t.taskId())).isNull();
        assertThat(store.update(owner, t.taskId(), TaskChange.working())).isInstanceOf(NotFound.class);
        assertThat(store.delete(owner, t.taskId())).isFalse();
    }

    // ---- transitions -------------------------------------------------------------------------

    @Test
    void everyTransitionTheExtensionAllowsIsApplied() {
        for (TaskStatus from : List.of(TaskStatus.WORKING, TaskStatus.INPUT_REQUIRED)) {
            for (TaskStatus target : TaskStatus.values()) {
                TaskRecord t = taskIn(from);
                TaskRecord after = updated(t, to(target));
                assertThat(after.status()).as("%s -> %s", from, target).isEqualTo(target);
                if (target != TaskStatus.WORKING || from != TaskStatus.WORKING) {
                    assertThat(after.version()).as("%s -> %s", from, target).isEqualTo(t.version() + 1);
                } else {
                    assertThat(after).as("working -> working changes nothing").isEqualTo(t);
                }
                assertThat(after.history().getLast().status()).isEqualTo(target);
                assertThat(store.get(owner, t.taskId())).isEqualTo(after);
            }
        }
    }

    @Test
    void everyTransitionOutOfATerminalStatusIsRefused() {
        for (TaskStatus from : List.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED)) {
            for (TaskStatus target : TaskStatus.values()) {
                TaskRecord t = taskIn(from);
                Refused r = refused(t, to(target), Refusal.ILLEGAL_TRANSITION);
                assertThat(r.task()).isEqualTo(t);
                assertThat(r.message()).contains(from.wireName(), target.wireName());
            }
            TaskRecord t = taskIn(from);
            refused(t, TaskChange.message("late"), Refusal.TERMINAL);
            refused(t, TaskChange.acquireLease("instance-a", LONG), Refusal.TERMINAL);
        }
    }

    @Test
    void terminalTasksKeepTheirOutcome() {
        TaskRecord done = updated(create(), TaskChange.completed(RESULT));
        assertThat(done.result()).isEqualTo(RESULT);
        assertThat(done.error()).isNull();
        TaskRecord failed = updated(create(), TaskChange.failed(ERROR));
        assertThat(failed.error()).isEqualTo(ERROR);
        assertThat(failed.result()).isNull();
        JsonObject toolError = JsonObject.of("isError", Json.of(true), "content", Json.of("tool said no"));
        assertThat(updated(create(), TaskChange.completed(toolError)).status()).as("isError results are completed")
                .isEqualTo(TaskStatus.COMPLETED);
        assertThatThrownBy(() -> TaskChange.failed(JsonObject.of("message", Json.of("no code"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHistoryListsEveryStatusEnteredAndMessagesFollowTheStatus() {
        TaskRecord t = create();
        t = updated(t, TaskChange.message("step 1"));
        assertThat(t.statusMessage()).isEqualTo("step 1");
        assertThat(t.history()).hasSize(1);
        t = updated(t, to(TaskStatus.INPUT_REQUIRED).withMessage("needs approval"));
        assertThat(t.statusMessage()).isEqualTo("needs approval");
        t = updated(t, TaskChange.working());
        assertThat(t.statusMessage()).as("a status change replaces the message").isNull();
        t = updated(t, TaskChange.completed(RESULT).withMessage("all done"));
        assertThat(t.history()).extracting(StatusChange::status).containsExactly(TaskStatus.WORKING,
                TaskStatus.INPUT_REQUIRED, TaskStatus.WORKING, TaskStatus.COMPLETED);
        assertThat(t.history()).extracting(StatusChange::message).containsExactly(null, "needs approval", null, "all done");
        assertThat(t.history()).extracting(StatusChange::at).isSorted();
        assertThat(store.get(owner, t.taskId())).isEqualTo(t);
    }

    @Test
    void concurrentTerminalTransitionsHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 10; round++) {
            TaskRecord t = create();
            List<TaskUpdateResult> results = race(8, i -> store.update(owner, t.taskId(),
                    i % 2 == 0 ? TaskChange.completed(JsonObject.of("by", Json.of(i))) : TaskChange.cancelled()));
            List<Updated> winners = results.stream().filter(Updated.class::isInstance).map(Updated.class::cast).toList();
            assertThat(winners).as("round %d: %s", round, results).hasSize(1);
            TaskRecord stored = store.get(owner, t.taskId());
            assertThat(stored).isEqualTo(winners.getFirst().task());
            assertThat(stored.version()).isEqualTo(2);
            assertThat(stored.history()).hasSize(2);
            assertThat(results.stream().filter(Refused.class::isInstance).map(r -> ((Refused) r).reason()))
                    .hasSize(7).containsOnly(Refusal.ILLEGAL_TRANSITION);
        }
    }

    @Test
    void aVersionGuardRefusesAStaleChange() {
        TaskRecord t = create();
        TaskRecord after = updated(t, TaskChange.message("moved on").ifVersion(t.version()));
        refused(after, TaskChange.cancelled().ifVersion(t.version()), Refusal.VERSION_CONFLICT);
        assertThat(updated(after, TaskChange.cancelled().ifVersion(after.version())).status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void aChangeThatChangesNothingStoresNothing() {
        TaskRecord t = create();
        TaskUpdateResult r = store.update(owner, t.taskId(), TaskChange.answer(JsonObject.of("nobody-asked", JsonObject.EMPTY)));
        assertThat(r).isEqualTo(new Updated(t, t));
        assertThat(((Updated) r).changed()).isFalse();
        assertThat(store.get(owner, t.taskId()).version()).isEqualTo(1);
    }

    // ---- input and cancel --------------------------------------------------------------------

    @Test
    void workerStateIsKeptForASuccessorUntilReplaced() {
        JsonObject ask = JsonObject.of("method", Json.of("elicitation/create"));
        JsonObject state = JsonObject.of("delegations", JsonObject.of("peer/tool#1", Json.of("t-123")));
        TaskRecord t = create();
        assertThat(t.workerState()).isNull();
        t = updated(t, TaskChange.inputRequired(JsonObject.of("k" + UUID.randomUUID(), ask)).withWorkerState(state));
        assertThat(store.get(owner, t.taskId()).workerState()).isEqualTo(state);
        t = updated(t, TaskChange.working());
        t = updated(t, TaskChange.message("still going"));
        assertThat(store.get(owner, t.taskId()).workerState()).as("other changes keep it").isEqualTo(state);
        t = updated(t, TaskChange.message("cleared").withWorkerState(null));
        assertThat(store.get(owner, t.taskId()).workerState()).isNull();
        assertThat(store.get(owner, t.taskId())).isEqualTo(t);
    }

    @Test
    void answersFollowTheExtensionsRulesForKeys() {
        JsonObject ask = JsonObject.of("method", Json.of("elicitation/create"));
        String k1 = "a" + UUID.randomUUID();
        String k2 = "b" + UUID.randomUUID();
        TaskRecord t = updated(create(), TaskChange.inputRequired(JsonObject.of(k1, ask, k2, ask)));
        assertThat(t.inputRequests().members().keySet()).containsExactly(k1, k2);
        assertThat(t.inputKeys()).containsExactly(k1, k2);

        JsonObject answer = JsonObject.of("action", Json.of("accept"));
        t = updated(t, TaskChange.answer(JsonObject.of(k1, answer, "unknown", answer)));
        assertThat(t.status()).as("answers do not resume the task by themselves").isEqualTo(TaskStatus.INPUT_REQUIRED);
        assertThat(t.inputRequests().members().keySet()).containsExactly(k2);
        assertThat(t.inputResponses()).isEqualTo(JsonObject.of(k1, answer));

        TaskUpdateResult again = store.update(owner, t.taskId(), TaskChange.answer(JsonObject.of(k1, JsonObject.EMPTY)));
        assertThat(((Updated) again).changed()).as("an answered key is ignored").isFalse();

        t = updated(t, TaskChange.working());
        assertThat(t.inputRequests()).as("leaving input_required supersedes unanswered requests").isEqualTo(JsonObject.EMPTY);
        assertThat(((Updated) store.update(owner, t.taskId(), TaskChange.answer(JsonObject.of(k2, answer)))).changed())
                .as("a superseded key is ignored").isFalse();
        refused(t, TaskChange.inputRequired(JsonObject.of(k2, ask)), Refusal.INPUT_KEY_REUSED);
        refused(t, TaskChange.inputRequired(JsonObject.of(k1, ask)), Refusal.INPUT_KEY_REUSED);
        t = updated(t, TaskChange.inputRequired(JsonObject.of("c" + UUID.randomUUID(), ask)));
        assertThat(t.inputKeys()).hasSize(3);
        assertThat(t.inputResponses()).isEqualTo(JsonObject.of(k1, answer));
        assertThat(store.get(owner, t.taskId())).isEqualTo(t);
    }

    @Test
    void concurrentAnswersAreAllKept() throws Exception {
        JsonObject.Builder asks = JsonObject.builder();
        for (int k = 0; k < 16; k++) {
            asks.put("key-" + k, JsonObject.of("method", Json.of("elicitation/create")));
        }
        TaskRecord t = updated(create(), TaskChange.inputRequired(asks.build()));
        race(8, i -> store.update(owner, t.taskId(), TaskChange.answer(JsonObject.of(
                "key-" + (2 * i), JsonObject.of("n", Json.of(2 * i)),
                "key-" + (2 * i + 1), JsonObject.of("n", Json.of(2 * i + 1))))));
        TaskRecord after = store.get(owner, t.taskId());
        assertThat(after.inputRequests()).isEqualTo(JsonObject.EMPTY);
        assertThat(after.inputResponses().size()).isEqualTo(16);
        assertThat(after.version()).isEqualTo(t.version() + 8);
    }

    @Test
    void aCancelRequestOnlyRaisesTheFlag() {
        TaskRecord t = updated(create(), TaskChange.requestCancel());
        assertThat(t.cancelRequested()).isTrue();
        assertThat(t.status()).isEqualTo(TaskStatus.WORKING);
        assertThat(updated(t, TaskChange.completed(RESULT)).status()).as("the task may still complete").isEqualTo(TaskStatus.COMPLETED);
        TaskRecord done = taskIn(TaskStatus.FAILED);
        TaskUpdateResult r = store.update(owner, done.taskId(), TaskChange.requestCancel());
        assertThat(r).as("cancelling a finished task is acknowledged and changes nothing").isEqualTo(new Updated(done, done));
    }

    // ---- leases ------------------------------------------------------------------------------

    @Test
    void aLeaseIsGrantedRenewedAndReleased() {
        TaskRecord t = create();
        TaskRecord leased = updated(t, TaskChange.acquireLease("instance-a", LONG));
        assertThat(leased.lease().holder()).isEqualTo("instance-a");
        assertThat(leased.lease().expiresAt()).isAfter(leased.createdAt());
        assertThat(leased.lastUpdatedAt()).as("leases are not client-visible changes").isEqualTo(t.lastUpdatedAt());
        TaskRecord renewed = updated(leased, TaskChange.renewLease("instance-a", LONG.multipliedBy(2)));
        assertThat(renewed.lease().expiresAt()).isAfter(leased.lease().expiresAt());
        refused(renewed, TaskChange.renewLease("instance-b", LONG), Refusal.LEASE_NOT_HELD);
        refused(renewed, TaskChange.releaseLease("instance-b"), Refusal.LEASE_NOT_HELD);
        TaskRecord released = updated(renewed, TaskChange.releaseLease("instance-a"));
        assertThat(released.lease()).isNull();
        assertThat(updated(released, TaskChange.acquireLease("instance-b", LONG)).lease().holder()).isEqualTo("instance-b");
    }

    @Test
    void aLiveLeaseCannotBeTakenByAnother() {
        TaskRecord t = store.create(NewTask.builder(owner, request()).ttl(LONG).lease("instance-a", LONG).build());
        assertThat(t.lease().holder()).isEqualTo("instance-a");
        assertThat(t.lease().expiresAt()).isEqualTo(t.createdAt().plus(LONG));
        Refused r = refused(t, TaskChange.acquireLease("instance-b", LONG), Refusal.LEASE_HELD);
        assertThat(r.message()).contains("instance-a");
        assertThat(updated(t, TaskChange.acquireLease("instance-a", LONG)).lease().holder()).as("re-acquiring renews")
                .isEqualTo("instance-a");
    }

    @Test
    void anExpiredLeaseIsReportedAndTakenOverAndTheOldHolderIsFencedOut() {
        TaskRecord t = store.create(NewTask.builder(owner, request()).ttl(LONG).lease("instance-a", SHORT).build());
        TaskRecord fresh = store.create(NewTask.builder(owner, request()).ttl(LONG).lease("instance-a", LONG).build());
        TaskRecord unleased = create();
        TaskRecord finished = updated(store.create(NewTask.builder(owner, request()).ttl(LONG).lease("instance-a", SHORT).build()),
                TaskChange.completed(RESULT));
        assertThat(finished.lease()).as("a terminal status drops the lease").isNull();

        Await.until("the short lease is reported as expired", () -> mine(store.expiredLeases(10_000)).contains(t.taskId()));
        List<TaskRecord> expired = store.expiredLeases(10_000).stream().filter(r -> r.owner().equals(owner)).toList();
        assertThat(expired).extracting(TaskRecord::taskId).containsExactly(t.taskId());
        assertThat(expired.getFirst().lease().holder()).isEqualTo("instance-a");
        assertThat(List.of(fresh.taskId(), unleased.taskId(), finished.taskId())).doesNotContainAnyElementsOf(
                mine(store.expiredLeases(10_000)));

        refused(t, TaskChange.renewLease("instance-a", LONG), Refusal.LEASE_NOT_HELD);
        refused(t, TaskChange.message("still here").ifLeaseHeldBy("instance-a"), Refusal.LEASE_NOT_HELD);
        TaskRecord stolen = updated(t, TaskChange.acquireLease("instance-b", LONG).ifVersion(expired.getFirst().version()));
        assertThat(stolen.lease().holder()).isEqualTo("instance-b");
        assertThat(mine(store.expiredLeases(10_000))).doesNotContain(t.taskId());
        refused(stolen, TaskChange.completed(RESULT).ifLeaseHeldBy("instance-a"), Refusal.LEASE_NOT_HELD);
        TaskRecord done = updated(stolen, TaskChange.completed(RESULT).ifLeaseHeldBy("instance-b"));
        assertThat(done.lease()).isNull();
    }

    @Test
    void expiredLeasesAreReportedOldestFirstUpToTheLimit() {
        TaskRecord first = store.create(NewTask.builder(owner, request()).ttl(LONG).lease("instance-a", Duration.ofMillis(100)).build());
        TaskRecord second = store.create(NewTask.builder(owner, request()).ttl(LONG).lease("instance-a", SHORT).build());
        Await.until("both leases expired", () -> mine(store.expiredLeases(10_000)).containsAll(List.of(first.taskId(), second.taskId())));
        assertThat(mine(store.expiredLeases(10_000))).containsSubsequence(first.taskId(), second.taskId());
        assertThat(store.expiredLeases(1)).hasSize(1);
        assertThatThrownBy(() -> store.expiredLeases(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentLeaseAcquisitionsHaveExactlyOneWinner() throws Exception {
        TaskRecord t = create();
        List<TaskUpdateResult> results = race(8, i -> store.update(owner, t.taskId(), TaskChange.acquireLease("instance-" + i, LONG)));
        List<Updated> winners = results.stream().filter(Updated.class::isInstance).map(Updated.class::cast).toList();
        assertThat(winners).hasSize(1);
        Lease lease = store.get(owner, t.taskId()).lease();
        assertThat(lease).isEqualTo(winners.getFirst().task().lease());
        assertThat(results.stream().filter(Refused.class::isInstance).map(r -> ((Refused) r).reason()))
                .hasSize(7).containsOnly(Refusal.LEASE_HELD);
    }

    // ---- time to live ------------------------------------------------------------------------

    @Test
    void aTaskDisappearsAfterItsTtlAndNotBefore() {
        TaskRecord t = store.create(NewTask.builder(owner, request()).ttl(SHORT).lease("instance-a", Duration.ofMillis(50)).build());
        long expiresAt = t.expiresAt().toEpochMilli();
        assertThat(store.get(owner, t.taskId())).isEqualTo(t);
        Await.until("the task expired", () -> store.get(owner, t.taskId()) == null);
        assertThat(System.currentTimeMillis()).as("gone no earlier than createdAt + ttl").isGreaterThanOrEqualTo(expiresAt);
        assertThat(store.update(owner, t.taskId(), TaskChange.completed(RESULT))).isInstanceOf(NotFound.class);
        assertThat(mine(store.expiredLeases(10_000))).as("an expired task is no executor's business").doesNotContain(t.taskId());
    }

    @Test
    void aTerminalTaskStillExpiresFromCreation() {
        TaskRecord t = store.create(NewTask.builder(owner, request()).ttl(SHORT).build());
        updated(t, TaskChange.completed(RESULT));
        Await.until("the completed task expired", () -> store.get(owner, t.taskId()) == null);
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(t.expiresAt().toEpochMilli());
    }

    @Test
    void theTtlCanBeChangedAndCountsFromCreation() {
        TaskRecord extended = store.create(NewTask.builder(owner, request()).ttl(SHORT).build());
        TaskRecord unlimited = store.create(NewTask.builder(owner, request()).ttl(SHORT).build());
        TaskRecord reference = store.create(NewTask.builder(owner, request()).ttl(SHORT).build());
        TaskRecord e = updated(extended, TaskChange.ttl(LONG));
        assertThat(e.expiresAt()).isEqualTo(e.createdAt().plus(LONG));
        assertThat(e.lastUpdatedAt()).isAfterOrEqualTo(extended.lastUpdatedAt());
        TaskRecord u = updated(unlimited, TaskChange.ttl(null));
        assertThat(u.expiresAt()).isNull();
        Await.until("the reference task expired", () -> store.get(owner, reference.taskId()) == null);
        assertThat(store.get(owner, extended.taskId())).isEqualTo(e);
        assertThat(store.get(owner, unlimited.taskId())).isEqualTo(u);
        TaskRecord p = updated(e, TaskChange.pollInterval(Duration.ofSeconds(5)));
        assertThat(p.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private List<String> mine(List<TaskRecord> records) {
        return records.stream().filter(r -> r.owner().equals(owner)).map(TaskRecord::taskId).collect(Collectors.toList());
    }

    /** Runs {@code task} on {@code threads} threads released together; returns their results in thread order. */
    private static <T> List<T> race(int threads, ThreadTask<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<T> c = () -> {
                    start.await();
                    return task.run(thread);
                };
                futures.add(pool.submit(c));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    /** A task for one racing thread. */
    @FunctionalInterface
    protected interface ThreadTask<T> {
        /** Runs on thread number {@code thread}. */
        T run(int thread) throws Exception;
    }
}
