package dev.switchboard.protocol.jsonrpc;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * A JSON-RPC notification (no id, no response).
 *
 * @param method the method name
 * @param params the params object; {@link JsonObject#EMPTY} when the message had none
 */
public record Notification(String method, JsonObject params) implements Message {
    /** Validates the required members. */
    public Notification {
        Objects.requireNonNull(method, "method");
        params = params == null ? JsonObject.EMPTY : params;
    }
}
