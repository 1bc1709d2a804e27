package dev.switchboard.protocol.jsonrpc;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * A JSON-RPC request.
 *
 * @param id     the request id
 * @param method the method name, case-sensitive
 * @param params the params object; {@link JsonObject#EMPTY} when the message had none
 */
public record Request(RequestId id, String method, JsonObject params) implements Message {
    /** Validates the required members. */
    public Request {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        params = params == null ? JsonObject.EMPTY : params;
    }
}
