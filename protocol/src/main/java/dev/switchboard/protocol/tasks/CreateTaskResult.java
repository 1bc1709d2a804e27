package dev.switchboard.protocol.tasks;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * The result of a request the server chose to run as a task ({@code "resultType":"task"}),
 * returned instead of the method's own result: the task's metadata, flat. A server sends it only
 * once the task is durably stored, so {@code tasks/get} on any instance finds it.
 *
 * @param task the task; required
 * @param meta {@code _meta}, or null
 */
public record CreateTaskResult(Task task, JsonObject meta) {
    /** Validates the required members. */
    public CreateTaskResult {
        Objects.requireNonNull(task, "task");
    }

    /** The result for {@code task} without {@code _meta}. */
    public static CreateTaskResult of(Task task) {
        return new CreateTaskResult(task, null);
    }
}
