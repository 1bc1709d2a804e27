package dev.switchboard.state.tasks;

import java.util.Objects;

/**
 * What {@link TaskStore#update} did. A refusal is an ordinary outcome, not an error: when two
 * instances race to finish a task, exactly one gets {@link Updated} and the other {@link Refused}
 * with the winner's record.
 *
 * <pre>{@code
 * switch (store.update(owner, id, TaskChange.completed(result).ifLeaseHeldBy(instanceId))) {
 *     case TaskUpdateResult.Updated u when u.statusChanged() -> bus.publish("task:" + id, encode(u.task()));
 *     case TaskUpdateResult.Updated u -> { }                           // nothing changed
 *     case TaskUpdateResult.Refused r -> log(r.reason(), r.task());    // someone else finished it
 *     case TaskUpdateResult.NotFound n -> { }                          // expired or deleted
 * }
 * }</pre>
 */
public sealed interface TaskUpdateResult {

    /** Why a change was refused. */
    enum Refusal {
        /** The extension does not allow the status change (e.g. out of a terminal status). */
        ILLEGAL_TRANSITION,
        /** The task is finished; only its time to live and poll interval may still change. */
        TERMINAL,
        /** The task's version is not the one the change was conditioned on. */
        VERSION_CONFLICT,
        /** Another instance holds a live lease on the task. */
        LEASE_HELD,
        /** The caller does not hold a live lease on the task (never did, lost it, or it ran out). */
        LEASE_NOT_HELD,
        /** An input request reuses a key the task already issued (keys are unique for a task's lifetime). */
        INPUT_KEY_REUSED
    }

    /**
     * The change was applied (or had nothing to do).
     *
     * @param before the record the change was applied to
     * @param task   the record now stored; the same as {@code before} when nothing changed
     */
    record Updated(TaskRecord before, TaskRecord task) implements TaskUpdateResult {
        /** Checks both records are present. */
        public Updated {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(task, "task");
        }

        /** True when a new version was stored. */
        public boolean changed() {
            return task.version() != before.version();
        }

        /** True when the status changed: the moment to publish a task notification. */
        public boolean statusChanged() {
            return task.status() != before.status();
        }
    }

    /**
     * The change was refused; nothing was stored.
     *
     * @param reason  why
     * @param task    the record as it is (the current state that refused the change)
     * @param message a sentence for logs, naming the task's status and the change
     */
    record Refused(Refusal reason, TaskRecord task, String message) implements TaskUpdateResult {
        /** Checks the parts are present. */
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * No such task for this owner: never created, expired, deleted, or another principal's.
     *
     * @param taskId the id asked for
     */
    record NotFound(String taskId) implements TaskUpdateResult {
    }
}
