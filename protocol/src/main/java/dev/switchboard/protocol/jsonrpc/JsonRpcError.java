package dev.switchboard.protocol.jsonrpc;

import dev.switchboard.protocol.json.Json;

import java.util.Objects;

/**
 * The error object of a JSON-RPC error response.
 *
 * @param code    the error code (see {@link ErrorCode})
 * @param message a short description a person can act on
 * @param data    optional structured detail; {@code null} when absent
 */
public record JsonRpcError(int code, String message, Json data) {
    /** Validates the required members. */
    public JsonRpcError {
        Objects.requireNonNull(message, "message");
    }
}
