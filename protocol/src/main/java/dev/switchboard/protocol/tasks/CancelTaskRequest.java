package dev.switchboard.protocol.tasks;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Params of {@code tasks/cancel}: ask the server to cancel a task. Cooperative: the server
 * acknowledges with an empty {@code complete} result, and the task may still end {@code completed}.
 * Over HTTP the client also sends {@code Mcp-Name: <taskId>}.
 *
 * @param taskId the task; required
 * @param meta   {@code _meta}, or null
 */
public record CancelTaskRequest(String taskId, JsonObject meta) {
    /** Validates the required members. */
    public CancelTaskRequest {
        Objects.requireNonNull(taskId, "taskId");
    }

    /** A request for {@code taskId} without {@code _meta}. */
    public static CancelTaskRequest of(String taskId) {
        return new CancelTaskRequest(taskId, null);
    }
}
