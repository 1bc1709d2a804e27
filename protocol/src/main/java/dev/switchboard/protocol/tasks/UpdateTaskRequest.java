package dev.switchboard.protocol.tasks;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.util.Map;
import java.util.Objects;

/**
 * Params of {@code tasks/update}: answers to some or all of a task's outstanding input requests.
 * Values are raw (decode them with {@code dev.switchboard.protocol.codec.InputResponses}, knowing
 * what each key asked). The server acknowledges with an empty {@code complete} result and ignores
 * keys that are unknown, already answered or superseded. Over HTTP the client also sends
 * {@code Mcp-Name: <taskId>}.
 *
 * @param taskId         the task; required
 * @param inputResponses answers by input request key; required (may be empty)
 * @param meta           {@code _meta}, or null
 */
public record UpdateTaskRequest(String taskId, Map<String, Json> inputResponses, JsonObject meta) {
    /** Validates the required members. */
    public UpdateTaskRequest {
        Objects.requireNonNull(taskId, "taskId");
        inputResponses = Copies.map(Objects.requireNonNull(inputResponses, "inputResponses"), "inputResponses");
    }

    /** A request answering {@code inputResponses} of {@code taskId}, without {@code _meta}. */
    public static UpdateTaskRequest of(String taskId, Map<String, Json> inputResponses) {
        return new UpdateTaskRequest(taskId, inputResponses, null);
    }
}
