package dev.switchboard.policy;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * What came of an allowed call, for its decision's one record: how it ended and how long it took
 * past the policy (the rest of the chain: the handler, or the upstream through a gateway).
 *
 * @param status       {@code ok}, {@code tool_error} (a result with {@code isError}), {@code task} (a
 *                     task was created: {@code taskId}), {@code input_required} (the call asks for
 *                     input first), {@code error} (a JSON-RPC error: {@code errorCode}), or
 *                     {@code cancelled}
 * @param errorCode    the JSON-RPC error code when {@code status} is {@code error}, else null
 * @param taskId       the task created when {@code status} is {@code task}, else null
 * @param latencyNanos how long the call took after the policy allowed it
 */
public record Outcome(String status, Integer errorCode, String taskId, long latencyNanos) {

    /** Checks the status. */
    public Outcome {
        Objects.requireNonNull(status, "status");
    }

    /** The outcome of a call that returned {@code result} after {@code nanos}. */
    public static Outcome of(JsonObject result, long nanos) {
        String type = result.getString("resultType");
        if ("task".equals(type)) {
            JsonObject task = result.getObject("task");
            return new Outcome("task", null, task == null ? null : task.getString("taskId"), nanos);
        }
        if ("input_required".equals(type)) {
            return new Outcome("input_required", null, null, nanos);
        }
        boolean isError = result.get("isError") instanceof dev.switchboard.protocol.json.JsonBoolean b && b.value();
        return new Outcome(isError ? "tool_error" : "ok", null, null, nanos);
    }

    /** The outcome of a call that threw {@code e} after {@code nanos}. */
    public static Outcome failed(Throwable e, long nanos) {
        if (e instanceof CancellationException || e instanceof InterruptedException) {
            return new Outcome("cancelled", null, null, nanos);
        }
        return new Outcome("error", e instanceof McpException m ? m.code() : dev.switchboard.protocol.jsonrpc.ErrorCode.INTERNAL_ERROR,
                null, nanos);
    }

    /** The members a record carries: {@code outcome}, {@code latencyNanos}, and {@code errorCode} or {@code taskId}. */
    public JsonObject toJson() {
        JsonObject.Builder b = JsonObject.builder().put("outcome", status).put("latencyNanos", latencyNanos);
        if (errorCode != null) {
            b.put("errorCode", errorCode);
        }
        if (taskId != null) {
            b.put("taskId", taskId);
        }
        return b.build();
    }
}
