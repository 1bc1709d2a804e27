package dev.switchboard.state.tasks;

import dev.switchboard.protocol.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The durable record of one task, as every instance of a deployment sees it. Immutable; a change is
 * a new record with a higher {@link #version()} (see {@link TaskChange}).
 *
 * <p>The first eight components are the extension's {@code Task} fields (plus the owner); the rest
 * is what an instance needs to answer {@code tasks/get} and to run, resume or fail the task:
 * the creating request, the outcome, the input round trip, the cancel flag, the history and the
 * executor's lease. Instants have millisecond precision. The canonical constructor is not a stable
 * API (components may be added at the end); backends use it, callers read records.
 *
 * @param taskId          the task id (at least 128 random bits, see {@link TaskIds})
 * @param owner           the principal the task is bound to; nobody else sees it
 * @param status          the current status
 * @param statusMessage   a human-readable message for the current status, or null
 * @param createdAt       when the task was created
 * @param lastUpdatedAt   when a client-visible field last changed
 * @param ttl             how long after {@link #createdAt()} the task is kept, or null for unlimited
 * @param pollInterval    how often clients should poll, or null when not suggested
 * @param request         the request that created the task
 * @param result          the result (exactly what {@code tools/call} would have returned) when
 *                        {@code completed}, else null
 * @param error           the JSON-RPC error object when {@code failed}, else null
 * @param inputRequests   the outstanding input requests by key (empty unless {@code input_required})
 * @param inputResponses  every answer received, by key (the worker reads the keys it asked for)
 * @param inputKeys       every input key ever issued, in order: a key is never issued twice
 * @param cancelRequested true once a client asked to cancel (cancellation is cooperative)
 * @param history         every status the task entered, oldest first (starts with {@code working})
 * @param lease           the executor's lease, or null when nobody holds one
 * @param version         increases by one with every stored change; compare-and-set token
 * @param workerState     what the executor keeps for a successor: its handler's state when it last
 *                        asked for input, or null; never shown to clients
 */
public record TaskRecord(
        String taskId,
        String owner,
        TaskStatus status,
        String statusMessage,
        Instant createdAt,
        Instant lastUpdatedAt,
        Duration ttl,
        Duration pollInterval,
        TaskRequest request,
        JsonObject result,
        JsonObject error,
        JsonObject inputRequests,
        JsonObject inputResponses,
        List<String> inputKeys,
        boolean cancelRequested,
        List<StatusChange> history,
        Lease lease,
        long version,
        JsonObject workerState) {

    /** Checks the required components and copies the lists. */
    public TaskRecord {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUpdatedAt, "lastUpdatedAt");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(inputRequests, "inputRequests");
        Objects.requireNonNull(inputResponses, "inputResponses");
        inputKeys = List.copyOf(inputKeys);
        history = List.copyOf(history);
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1, got " + version);
        }
    }

    /** True when the task is {@code completed}, {@code failed} or {@code cancelled}. */
    public boolean isTerminal() {
        return status.isTerminal();
    }

    /**
     * When the task disappears from the store: {@link #createdAt()} plus {@link #ttl()}, or null
     * when its time to live is unlimited. It is still retrievable at exactly this instant, never after.
     */
    public Instant expiresAt() {
        return ttl == null ? null : createdAt.plus(ttl);
    }

    /** True when the task has outlived its time to live at {@code now}. */
    public boolean isExpired(Instant now) {
        Instant at = expiresAt();
        return at != null && now.isAfter(at);
    }

    @Override
    public String toString() {
        // never the request, result or answers: they may hold user data and end up in logs
        return "TaskRecord[" + taskId + ", owner=" + owner + ", " + status + ", v" + version
                + (lease != null ? ", lease=" + lease.holder() + " until " + lease.expiresAt() : "") + "]";
    }
}
