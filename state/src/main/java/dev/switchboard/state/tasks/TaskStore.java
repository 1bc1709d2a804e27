package dev.switchboard.state.tasks;

import java.util.List;

/**
 * Durable task records for the MCP Tasks extension, shared by every instance of a deployment: any
 * instance answers {@code tasks/get}, {@code tasks/update} and {@code tasks/cancel} for any task,
 * and any instance can take over a task whose executor died.
 *
 * <p><b>Ownership.</b> Every task is bound to the principal that created it. Every lookup and
 * change names the owner; for anyone else the task does not exist ({@code null},
 * {@link TaskUpdateResult.NotFound}), so its existence does not leak.
 *
 * <p><b>Changes.</b> {@link #update} applies one {@link TaskChange} atomically: of two instances
 * racing to complete or cancel a task, exactly one wins, and only the transitions the extension
 * allows ({@link TaskStatus}) ever happen. Publishing status changes is the caller's job: when
 * {@link TaskUpdateResult.Updated#statusChanged()} is true, publish the new record on the
 * {@code EventBus}.
 *
 * <p><b>Executors.</b> The instance running a task holds a {@link Lease} on it and renews it while
 * it works. {@link #expiredLeases} finds tasks whose lease ran out (their executor died or hangs);
 * another instance may then {@linkplain TaskChange#acquireLease take the lease over} and resume the
 * task, or fail it ("executor lost"). Fence the executor's own changes with
 * {@link TaskChange#ifLeaseHeldBy} so a replaced executor cannot finish the task twice.
 *
 * <p><b>Expiry.</b> A task with a time to live disappears {@code ttl} after its creation, never
 * before ({@link TaskRecord#expiresAt()}), whatever its status; then it reads as absent everywhere.
 * The extension has no {@code tasks/list}, so there is no listing either.
 *
 * <p>Every method is thread-safe and may block briefly (network); a shared backend that cannot be
 * reached throws {@code StateUnavailableException} within its timeout instead (and a task is then
 * not created: the server refuses the request with a clear error).
 */
public interface TaskStore {

    /**
     * Stores a new task in status {@code working} and returns its record; once this returns, a
     * lookup on any instance finds it (the extension requires that before {@code CreateTaskResult}
     * is sent).
     *
     * @throws IllegalStateException when the task's caller-chosen id is already taken
     */
    TaskRecord create(NewTask task);

    /** The task {@code taskId} of {@code owner}, or null when absent, expired or someone else's. */
    TaskRecord get(String owner, String taskId);

    /**
     * Applies {@code change} to the task {@code taskId} of {@code owner}, atomically with respect to
     * every other change on every instance.
     *
     * @return {@link TaskUpdateResult.Updated} with the stored record, {@link TaskUpdateResult.Refused}
     *         with the reason and the record as it is, or {@link TaskUpdateResult.NotFound}
     */
    TaskUpdateResult update(String owner, String taskId, TaskChange change);

    /** Removes the task now (a purge before its time to live); returns false when there was none for {@code owner}. */
    boolean delete(String owner, String taskId);

    /**
     * Tasks whose executor lease ran out, longest-expired first, at most {@code limit}. Tasks without
     * a lease (never leased, released, or terminal) are not reported. The records carry their owner,
     * so the caller can go on with {@link #update}.
     */
    List<TaskRecord> expiredLeases(int limit);
}
