package dev.switchboard.client;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;

import java.util.Objects;

/**
 * The server answered a request with a JSON-RPC error, e.g. {@code -32602} for an unknown tool or
 * {@code -32021} when the call needs a client capability that was not declared. The codes are in
 * {@link ErrorCode}.
 */
public final class ErrorResponseException extends McpClientException {
    private final transient JsonRpcError error;

    /**
     * The error of a response to {@code method}.
     *
     * @param method     the method called
     * @param error      the error object as received
     * @param httpStatus the response's HTTP status
     */
    public ErrorResponseException(String method, JsonRpcError error, int httpStatus) {
        super(Kind.ERROR_RESPONSE, method + " failed: " + error.message() + " (" + ErrorCode.nameOf(error.code())
                + ", " + error.code() + ")", httpStatus, null);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The JSON-RPC error object. */
    public JsonRpcError error() {
        return error;
    }

    /** The error code. */
    public int code() {
        return error.code();
    }

    /** The error's {@code data}, or null. */
    public Json data() {
        return error.data();
    }
}
