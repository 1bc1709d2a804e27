package dev.switchboard.state.tasks;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.state.tasks.TaskUpdateResult.NotFound;
import dev.switchboard.state.tasks.TaskUpdateResult.Refusal;
import dev.switchboard.state.tasks.TaskUpdateResult.Refused;
import dev.switchboard.state.tasks.TaskUpdateResult.Updated;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

// Longer than 400 lines on purpose: the factories and apply() together are the whole meaning of a
// task change, kept in one file so that no backend and no reader has to look for a second place.

/**
 * One change to a task, applied atomically by {@link TaskStore#update}: a status transition (with
 * its result, error or input requests), answers to input requests, a cancel request, a status
 * message, an executor-lease operation, a new time to live or poll interval, optionally guarded by
 * a version or a lease. Start from a factory, then add guards or extras:
 *
 * <pre>{@code
 * TaskChange.completed(result).ifLeaseHeldBy(instanceId)        // fenced: a stolen lease cannot finish it
 * TaskChange.inputRequired(requests).withMessage("needs approval")
 * TaskChange.answer(inputResponses)                             // tasks/update
 * TaskChange.acquireLease(instanceId, Duration.ofSeconds(30)).ifVersion(seen.version())
 * }</pre>
 *
 * <p>{@link #apply} is the whole semantics, shared by every backend: a backend reads the record,
 * applies the change and stores the result only if the record still has the version it read
 * (compare-and-set), retrying on a lost race. The transition table itself is {@link TaskStatus}.
 *
 * <p>Rules: a status change replaces the status message (with the one given, or none) and is
 * appended to the history; entering {@code input_required} replaces the outstanding requests (an
 * unanswered one is superseded), leaving it drops them; a terminal status drops the lease. On a
 * terminal task, answers, a cancel request and releasing a lease are no-ops (nothing to do), while
 * a status, message or lease change is refused. Immutable and thread-safe.
 */
public final class TaskChange {
    private enum LeaseOp { ACQUIRE, RENEW, RELEASE }

    /** The parts of a change; never modified once a {@link TaskChange} holds it. */
    private static final class Spec implements Cloneable {
        TaskStatus status;
        JsonObject payload;        // result, error or input requests, by status
        boolean setsMessage;
        String message;
        JsonObject answers;
        boolean requestCancel;
        boolean setsTtl;
        Duration ttl;
        Duration pollInterval;
        LeaseOp leaseOp;
        String leaseHolder;
        Duration leaseDuration;
        Long ifVersion;
        String ifLeaseHolder;
        boolean setsWorkerState;
        JsonObject workerState;

        Spec copy() {
            try {
                return (Spec) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Spec spec;

    private TaskChange(Spec spec) {
        this.spec = spec;
    }

    private static TaskChange of(Consumer<Spec> setup) {
        Spec s = new Spec();
        setup.accept(s);
        return new TaskChange(s);
    }

    private TaskChange with(Consumer<Spec> setup) {
        Spec s = spec.copy();
        setup.accept(s);
        return new TaskChange(s);
    }

    // ---- factories -------------------------------------------------------------------------

    /** Back to (or still) {@code working}; from {@code input_required} this drops unanswered requests. */
    public static TaskChange working() {
        return of(s -> s.status = TaskStatus.WORKING);
    }

    /**
     * To {@code input_required} with {@code requests} (key → input request object), which become the
     * complete set of outstanding requests. Keys must never have been issued by this task before.
     *
     * @throws IllegalArgumentException when {@code requests} is empty or holds a non-object
     */
    public static TaskChange inputRequired(JsonObject requests) {
        Objects.requireNonNull(requests, "requests");
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("input_required needs at least one input request");
        }
        requests.members().forEach((k, v) -> {
            if (!(v instanceof JsonObject)) {
                throw new IllegalArgumentException("input request \"" + k + "\" must be an object, got " + v.kind());
            }
        });
        return of(s -> {
            s.status = TaskStatus.INPUT_REQUIRED;
            s.payload = requests;
        });
    }

    /** To {@code completed} with {@code result}: exactly what {@code tools/call} would have returned. */
    public static TaskChange completed(JsonObject result) {
        Objects.requireNonNull(result, "result");
        return of(s -> {
            s.status = TaskStatus.COMPLETED;
            s.payload = result;
        });
    }

    /**
     * To {@code failed} with the JSON-RPC {@code error} object.
     *
     * @throws IllegalArgumentException unless it has an integer {@code code} and a string {@code message}
     */
    public static TaskChange failed(JsonObject error) {
        Objects.requireNonNull(error, "error");
        if (!(error.get("code") instanceof JsonNumber n) || !n.isIntegral() || !(error.get("message") instanceof JsonString)) {
            throw new IllegalArgumentException("a task error is a JSON-RPC error object with an integer code and a string message");
        }
        return of(s -> {
            s.status = TaskStatus.FAILED;
            s.payload = error;
        });
    }

    /** To {@code cancelled}. */
    public static TaskChange cancelled() {
        return of(s -> s.status = TaskStatus.CANCELLED);
    }

    /** A new status message (null clears it), status unchanged. */
    public static TaskChange message(String message) {
        return of(s -> {
            s.setsMessage = true;
            s.message = message;
        });
    }

    /**
     * Records a client's answers ({@code tasks/update}): each answer to an outstanding request is
     * kept and its request stops being outstanding. Answers to unknown, already answered or
     * superseded keys are ignored, as the extension recommends. The status does not change: the
     * executor resumes the task when it has what it needs.
     */
    public static TaskChange answer(JsonObject inputResponses) {
        Objects.requireNonNull(inputResponses, "inputResponses");
        return of(s -> s.answers = inputResponses);
    }

    /** Marks the task as asked to cancel ({@code tasks/cancel}); cooperative, the status does not change. */
    public static TaskChange requestCancel() {
        return of(s -> s.requestCancel = true);
    }

    /**
     * Gives {@code holder} the executor lease for {@code duration}: granted when nobody holds a live
     * lease (a lease that ran out may be taken over) or {@code holder} already holds it.
     */
    public static TaskChange acquireLease(String holder, Duration duration) {
        holder(holder);
        Duration d = positive(duration, "lease duration");
        return of(s -> {
            s.leaseOp = LeaseOp.ACQUIRE;
            s.leaseHolder = holder;
            s.leaseDuration = d;
        });
    }

    /** Extends {@code holder}'s live lease to {@code duration} from now; refused once it ran out. */
    public static TaskChange renewLease(String holder, Duration duration) {
        holder(holder);
        Duration d = positive(duration, "lease duration");
        return of(s -> {
            s.leaseOp = LeaseOp.RENEW;
            s.leaseHolder = holder;
            s.leaseDuration = d;
        });
    }

    /** Gives up {@code holder}'s lease (a no-op when nobody holds one). */
    public static TaskChange releaseLease(String holder) {
        holder(holder);
        return of(s -> {
            s.leaseOp = LeaseOp.RELEASE;
            s.leaseHolder = holder;
        });
    }

    /** A new time to live, still counted from creation; null makes it unlimited. */
    public static TaskChange ttl(Duration ttl) {
        Duration d = ttl == null ? null : positive(ttl, "ttl");
        return of(s -> {
            s.setsTtl = true;
            s.ttl = d;
        });
    }

    /** A new suggested poll interval (positive). */
    public static TaskChange pollInterval(Duration interval) {
        Duration d = positive(interval, "pollInterval");
        return of(s -> s.pollInterval = d);
    }

    // ---- extras and guards -----------------------------------------------------------------

    /** This change, also setting the status message (with a status change: the new status's message). */
    public TaskChange withMessage(String message) {
        return with(s -> {
            s.setsMessage = true;
            s.message = message;
        });
    }

    /**
     * This change, also keeping {@code state} for whoever executes the task next (a successor after
     * a takeover reads {@link TaskRecord#workerState()}); null clears it. Clients never see it.
     */
    public TaskChange withWorkerState(JsonObject state) {
        return with(s -> {
            s.setsWorkerState = true;
            s.workerState = state;
        });
    }

    /** This change, also setting the time to live (null: unlimited). */
    public TaskChange withTtl(Duration ttl) {
        Duration d = ttl == null ? null : positive(ttl, "ttl");
        return with(s -> {
            s.setsTtl = true;
            s.ttl = d;
        });
    }

    /** This change, also setting the poll interval. */
    public TaskChange withPollInterval(Duration interval) {
        Duration d = positive(interval, "pollInterval");
        return with(s -> s.pollInterval = d);
    }

    /** This change, applied only if the task is still at {@code version} (else {@link Refusal#VERSION_CONFLICT}). */
    public TaskChange ifVersion(long version) {
        return with(s -> s.ifVersion = version);
    }

    /**
     * This change, applied only while {@code holder} holds a live lease (else
     * {@link Refusal#LEASE_NOT_HELD}): an executor whose lease ran out and was taken over cannot
     * finish the task behind the new executor's back.
     */
    public TaskChange ifLeaseHeldBy(String holder) {
        holder(holder);
        return with(s -> s.ifLeaseHolder = holder);
    }

    // ---- semantics -------------------------------------------------------------------------

    /**
     * Applies this change to {@code current} at {@code now} (the backend's clock); the whole
     * semantics of a task update. Pure: backends store {@link Updated#task()} when it
     * {@linkplain Updated#changed() changed}, with compare-and-set on {@code current.version()}.
     *
     * @param taskId  the id asked for (for {@link NotFound})
     * @param current the stored record, or null when there is none
     * @param now     the current time
     */
    public TaskUpdateResult apply(String taskId, TaskRecord current, Instant now) {
        Instant at = millis(now);
        if (current == null || current.isExpired(at)) {
            return new NotFound(taskId);
        }
        Spec s = spec;
        if (s.ifVersion != null && current.version() != s.ifVersion) {
            return refuse(Refusal.VERSION_CONFLICT, current, "the task is at version " + current.version() + ", not " + s.ifVersion);
        }
        if (s.ifLeaseHolder != null && (current.lease() == null || !current.lease().isHeldBy(s.ifLeaseHolder, at))) {
            return refuse(Refusal.LEASE_NOT_HELD, current, s.ifLeaseHolder + " does not hold a live lease on the task");
        }
        TaskStatus status = current.status();
        String message = current.statusMessage();
        JsonObject result = current.result();
        JsonObject error = current.error();
        JsonObject requests = current.inputRequests();
        JsonObject responses = current.inputResponses();
        List<String> keys = current.inputKeys();
        List<StatusChange> history = current.history();
        Lease lease = current.lease();
        boolean cancel = current.cancelRequested();

        if (s.status != null) {
            if (!current.status().canMoveTo(s.status)) {
                return refuse(Refusal.ILLEGAL_TRANSITION, current, "a " + current.status() + " task cannot become " + s.status);
            }
            status = s.status;
            message = s.setsMessage ? s.message : null;
            requests = JsonObject.EMPTY;
            switch (status) {
                case INPUT_REQUIRED -> {
                    for (String key : s.payload.members().keySet()) {
                        if (keys.contains(key)) {
                            return refuse(Refusal.INPUT_KEY_REUSED, current, "input key \"" + key + "\" was already issued by this task");
                        }
                    }
                    requests = s.payload;
                    keys = concat(keys, List.copyOf(s.payload.members().keySet()));
                }
                case COMPLETED -> result = s.payload;
                case FAILED -> error = s.payload;
                case WORKING, CANCELLED -> { }
            }
            if (status != current.status()) {
                history = concat(history, List.of(new StatusChange(status, at, message)));
            }
            if (status.isTerminal()) {
                lease = null;
            }
        } else if (current.isTerminal() && (s.setsMessage || s.leaseOp == LeaseOp.ACQUIRE || s.leaseOp == LeaseOp.RENEW)) {
            return refuse(Refusal.TERMINAL, current, "the task is " + current.status() + " and never changes again");
        } else if (s.setsMessage) {
            message = s.message;
        }

        if (s.answers != null && !requests.isEmpty()) {
            JsonObject.Builder open = requests.toBuilder();
            JsonObject.Builder got = responses.toBuilder();
            for (Map.Entry<String, Json> a : s.answers.members().entrySet()) {
                if (open.has(a.getKey())) {
                    open.remove(a.getKey());
                    got.put(a.getKey(), a.getValue());
                }
            }
            requests = open.build();
            responses = got.build();
        }
        if (s.requestCancel && !status.isTerminal()) {
            cancel = true;
        }
        if (s.leaseOp != null && !status.isTerminal()) {
            switch (s.leaseOp) {
                case ACQUIRE -> {
                    if (lease != null && lease.isLive(at) && !lease.holder().equals(s.leaseHolder)) {
                        return refuse(Refusal.LEASE_HELD, current, lease.holder() + " holds a live lease on the task");
                    }
                    lease = new Lease(s.leaseHolder, at.plus(s.leaseDuration));
                }
                case RENEW -> {
                    if (lease == null || !lease.isHeldBy(s.leaseHolder, at)) {
                        return refuse(Refusal.LEASE_NOT_HELD, current, s.leaseHolder + " does not hold a live lease on the task");
                    }
                    lease = new Lease(s.leaseHolder, at.plus(s.leaseDuration));
                }
                case RELEASE -> {
                    if (lease != null && !lease.holder().equals(s.leaseHolder)) {
                        return refuse(Refusal.LEASE_NOT_HELD, current, s.leaseHolder + " does not hold the lease on the task");
                    }
                    lease = null;
                }
            }
        }
        Duration ttl = s.setsTtl ? s.ttl : current.ttl();
        JsonObject workerState = s.setsWorkerState ? s.workerState : current.workerState();
        Duration poll = s.pollInterval != null ? s.pollInterval : current.pollInterval();

        TaskRecord next = new TaskRecord(current.taskId(), current.owner(), status, message, current.createdAt(),
                current.lastUpdatedAt(), ttl, poll, current.request(), result, error, requests, responses, keys, cancel,
                history, lease, current.version(), workerState);
        if (next.equals(current)) {
            return new Updated(current, current);
        }
        boolean visible = status != current.status() || !Objects.equals(message, current.statusMessage())
                || !Objects.equals(result, current.result()) || !Objects.equals(error, current.error())
                || !requests.equals(current.inputRequests()) || !responses.equals(current.inputResponses())
                || cancel != current.cancelRequested() || !Objects.equals(ttl, current.ttl())
                || !Objects.equals(poll, current.pollInterval());
        next = new TaskRecord(next.taskId(), next.owner(), status, message, next.createdAt(),
                visible ? at : current.lastUpdatedAt(), ttl, poll, next.request(), result, error, requests, responses,
                keys, cancel, history, lease, current.version() + 1, workerState);
        return new Updated(current, next);
    }

    private static Refused refuse(Refusal reason, TaskRecord current, String message) {
        return new Refused(reason, current, message);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    // ---- shared checks ---------------------------------------------------------------------

    /** {@code at} truncated to milliseconds, the precision every backend stores. */
    static Instant millis(Instant at) {
        return Instant.ofEpochMilli(at.toEpochMilli());
    }

    /** {@code d}, checked positive and at most 1000 years, rounded up to whole milliseconds. */
    static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
        if (d.compareTo(Duration.ofDays(365L * 1000)) > 0) {
            throw new IllegalArgumentException(what + " must be at most 1000 years (use null for unlimited): " + d);
        }
        // whole milliseconds (rounded up), the precision of the wire (ttlMs, pollIntervalMs) and of every backend
        Duration ms = Duration.ofMillis(d.toMillis());
        return ms.equals(d) ? d : ms.plusMillis(1);
    }

    static String holder(String holder) {
        Objects.requireNonNull(holder, "holder");
        if (holder.isBlank()) {
            throw new IllegalArgumentException("a lease holder (instance id) must not be blank");
        }
        return holder;
    }

    @Override
    public String toString() {
        Spec s = spec;
        StringBuilder sb = new StringBuilder("TaskChange[");
        if (s.status != null) {
            sb.append("to ").append(s.status).append(' ');
        }
        if (s.setsMessage) {
            sb.append("message ");
        }
        if (s.answers != null) {
            sb.append("answers ").append(s.answers.members().keySet()).append(' ');
        }
        if (s.requestCancel) {
            sb.append("requestCancel ");
        }
        if (s.leaseOp != null) {
            sb.append(s.leaseOp.name().toLowerCase(Locale.ROOT)).append("Lease(").append(s.leaseHolder).append(") ");
        }
        if (s.setsTtl) {
            sb.append("ttl ");
        }
        if (s.pollInterval != null) {
            sb.append("pollInterval ");
        }
        if (s.ifVersion != null) {
            sb.append("ifVersion ").append(s.ifVersion).append(' ');
        }
        if (s.ifLeaseHolder != null) {
            sb.append("ifLeaseHeldBy ").append(s.ifLeaseHolder).append(' ');
        }
        return sb.toString().strip() + "]";
    }
}
