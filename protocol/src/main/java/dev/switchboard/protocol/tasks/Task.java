package dev.switchboard.protocol.tasks;

import java.util.Objects;

/**
 * A task's metadata ({@code Task} of the Tasks extension), the members every task shape shares:
 * {@link CreateTaskResult}, {@link DetailedTask} (in {@code tasks/get} and {@code notifications/tasks}).
 * Timestamps are ISO-8601 strings as sent (servers write UTC, e.g. {@code 2026-11-23T10:15:30.123Z}).
 *
 * @param taskId         the task id; required
 * @param status         one of {@link TasksExtension#STATUSES}; required
 * @param statusMessage  a human-readable message for the status, or null
 * @param createdAt      when the task was created; required
 * @param lastUpdatedAt  when the task last changed; required
 * @param ttlMs          how long after {@code createdAt} the task is kept, in milliseconds, or null
 *                       for unlimited; required on the wire (written as {@code null} when unlimited)
 * @param pollIntervalMs the suggested polling interval in milliseconds, or null
 */
public record Task(String taskId, String status, String statusMessage, String createdAt, String lastUpdatedAt,
                   Long ttlMs, Long pollIntervalMs) {
    /** Validates the required members and the status. */
    public Task {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUpdatedAt, "lastUpdatedAt");
        if (!TasksExtension.STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + TasksExtension.STATUSES + ", got \"" + status + "\"");
        }
    }

    /** True for {@code completed}, {@code failed} and {@code cancelled}. */
    public boolean isTerminal() {
        return TasksExtension.TERMINAL_STATUSES.contains(status);
    }
}
