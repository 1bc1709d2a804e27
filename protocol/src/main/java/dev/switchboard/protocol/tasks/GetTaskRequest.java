package dev.switchboard.protocol.tasks;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Params of {@code tasks/get}: read a task. Over HTTP the client also sends {@code Mcp-Name: <taskId>}.
 *
 * @param taskId the task; required
 * @param meta   {@code _meta} (on 2026-07-28 the usual protocol version and capabilities), or null
 */
public record GetTaskRequest(String taskId, JsonObject meta) {
    /** Validates the required members. */
    public GetTaskRequest {
        Objects.requireNonNull(taskId, "taskId");
    }

    /** A request for {@code taskId} without {@code _meta}. */
    public static GetTaskRequest of(String taskId) {
        return new GetTaskRequest(taskId, null);
    }
}
