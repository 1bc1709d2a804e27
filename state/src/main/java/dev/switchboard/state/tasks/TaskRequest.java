package dev.switchboard.state.tasks;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * The request that created a task, kept with it for audit and for re-execution by another instance:
 * the JSON-RPC method (today always {@code tools/call}) and its params as received (tool name,
 * arguments, {@code _meta} with the client's capabilities and protocol version).
 *
 * @param method the JSON-RPC method
 * @param params the request's params object
 */
public record TaskRequest(String method, JsonObject params) {
    /** Checks both parts are present. */
    public TaskRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(params, "params");
        if (method.isEmpty()) {
            throw new IllegalArgumentException("method must not be empty");
        }
    }

    /** A request of {@code method} with {@code params}. */
    public static TaskRequest of(String method, JsonObject params) {
        return new TaskRequest(method, params);
    }
}
