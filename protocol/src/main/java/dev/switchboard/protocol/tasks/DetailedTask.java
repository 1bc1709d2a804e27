package dev.switchboard.protocol.tasks;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.mrtr.InputRequest;

import java.util.Map;
import java.util.Objects;

/**
 * A task with what its status carries ({@code DetailedTask}): the outstanding
 * {@code inputRequests} when {@code input_required}, the {@code result} when {@code completed}
 * (exactly what {@code tools/call} would have returned, {@code isError} results included), the
 * JSON-RPC {@code error} when {@code failed}; nothing extra when {@code working} or
 * {@code cancelled}. On the wire it is flat: the {@link Task} members and the extra one side by side.
 *
 * @param task          the metadata; required
 * @param inputRequests the complete set of outstanding input requests (required with
 *                      {@code input_required}, else null)
 * @param result        the result (required with {@code completed}, else null)
 * @param error         the error (required with {@code failed}, else null)
 */
public record DetailedTask(Task task, Map<String, InputRequest> inputRequests, JsonObject result, JsonRpcError error) {
    /** Validates that the extra member matches the status. */
    public DetailedTask {
        Objects.requireNonNull(task, "task");
        inputRequests = Copies.map(inputRequests, "inputRequests");
        require(TasksExtension.INPUT_REQUIRED, task.status(), inputRequests != null, "inputRequests");
        require(TasksExtension.COMPLETED, task.status(), result != null, "result");
        require(TasksExtension.FAILED, task.status(), error != null, "error");
    }

    private static void require(String status, String actual, boolean present, String member) {
        if (status.equals(actual) && !present) {
            throw new NullPointerException(member); // required with this status
        }
        if (!status.equals(actual) && present) {
            throw new IllegalArgumentException(member + " belongs to a " + status + " task, not a " + actual + " one");
        }
    }

    /** A {@code working} or {@code cancelled} task (no extra member). */
    public static DetailedTask of(Task task) {
        return new DetailedTask(task, null, null, null);
    }
}
