package dev.switchboard.protocol.jsonrpc;

import dev.switchboard.protocol.json.Json;

/**
 * A protocol-level failure that becomes a JSON-RPC error response. Tool failures are not
 * exceptions of this kind: they are tool results with {@code isError: true}.
 */
public class McpException extends RuntimeException {
    private final int code;
    private final transient Json data;

    /** An error with a code and a message a person can act on. */
    public McpException(int code, String message) {
        this(code, message, null, null);
    }

    /** An error with structured {@code data} (may be null). */
    public McpException(int code, String message, Json data) {
        this(code, message, data, null);
    }

    /** An error with data and a cause. */
    public McpException(int code, String message, Json data, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.data = data;
    }

    /** Invalid params (-32602). */
    public static McpException invalidParams(String message) {
        return new McpException(ErrorCode.INVALID_PARAMS, message);
    }

    /** The JSON-RPC error code. */
    public int code() {
        return code;
    }

    /** Structured detail, or {@code null}. */
    public Json data() {
        return data;
    }

    /** The JSON-RPC error object. */
    public JsonRpcError toError() {
        return new JsonRpcError(code, getMessage(), data);
    }
}
