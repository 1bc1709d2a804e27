package dev.switchboard.protocol.tasks;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Params of {@code notifications/tasks}, sent on a {@code subscriptions/listen} stream that asked
 * for the task's id ({@code notifications.taskIds}): the detailed task, flat, identical to what
 * {@code tasks/get} would return at that moment, plus the stream's {@code subscriptionId} in
 * {@code _meta}.
 *
 * @param task the detailed task; required
 * @param meta {@code _meta}, or null
 */
public record TaskStatusNotification(DetailedTask task, JsonObject meta) {
    /** Validates the required members. */
    public TaskStatusNotification {
        Objects.requireNonNull(task, "task");
    }
}
