package dev.switchboard.client;

import dev.switchboard.protocol.tasks.Task;

/**
 * Hears a task's status while {@link McpClient#callToolAndWait} or {@link McpClient#awaitTask}
 * follows it: once for the task as first seen (as created, or its first {@code tasks/get}), then
 * each time its {@code status} or {@code statusMessage} changes, the final status included. Runs
 * on the waiting thread between polls; keep it short. Set it with
 * {@link CallOptions.Builder#onTaskStatus}.
 */
@FunctionalInterface
public interface TaskStatusListener {
    /**
     * The task's status changed.
     *
     * @param task the task as just seen ({@code taskId}, {@code status}, {@code statusMessage}, ...)
     */
    void onStatus(Task task);
}
