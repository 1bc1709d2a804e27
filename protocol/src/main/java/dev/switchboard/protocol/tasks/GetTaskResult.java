package dev.switchboard.protocol.tasks;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * The result of {@code tasks/get} ({@code "resultType":"complete"}): the detailed task, flat.
 * (The extension's own failure examples show {@code "task"} here; its normative text, which we
 * follow, says {@code "complete"}.)
 *
 * @param task the detailed task; required
 * @param meta {@code _meta}, or null
 */
public record GetTaskResult(DetailedTask task, JsonObject meta) {
    /** Validates the required members. */
    public GetTaskResult {
        Objects.requireNonNull(task, "task");
    }

    /** The result for {@code task} without {@code _meta}. */
    public static GetTaskResult of(DetailedTask task) {
        return new GetTaskResult(task, null);
    }
}
