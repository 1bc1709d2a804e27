package dev.switchboard.protocol.jsonrpc;

/**
 * The JSON-RPC error codes MCP uses. Codes received from peers may be anything, so this is a
 * table of named constants rather than an enum.
 */
public final class ErrorCode {
    /** Invalid JSON. */
    public static final int PARSE_ERROR = -32700;
    /** Not a valid JSON-RPC request (batches, malformed envelope). */
    public static final int INVALID_REQUEST = -32600;
    /** Unknown method, or a removed method sent in the 2026 envelope. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Invalid params: missing {@code _meta}, unknown tool or prompt, resource not found (2026), bad state. */
    public static final int INVALID_PARAMS = -32602;
    /** Internal error. */
    public static final int INTERNAL_ERROR = -32603;
    /** Resource not found, session era only; never sent on 2026-07-28. */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** Missing, mismatched or malformed MCP header. */
    public static final int HEADER_MISMATCH = -32020;
    /** The request needs a client capability the client did not declare. */
    public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    /** The requested protocol version is not served here. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    /** URL-mode elicitation required (2025-11-25 only). */
    public static final int URL_ELICITATION_REQUIRED = -32042;
    /*
     * Switchboard's own codes. MCP reserves -32020..-32099 for codes the spec defines and asks
     * implementations to stay outside -32768..-32000, so ours are -31000 minus the HTTP status
     * they travel with.
     */
    /** Switchboard's own: the caller is not authenticated (bad or missing credentials). HTTP 401. */
    public static final int UNAUTHENTICATED = -31401;
    /** Switchboard's own: the caller is known but refused, {@code message} names the rule. HTTP 403. */
    public static final int FORBIDDEN = -31403;
    /** Switchboard's own: too many requests; {@code data.retryAfterMs} says when to retry. HTTP 429. */
    public static final int RATE_LIMITED = -31429;
    /**
     * Switchboard's own: temporarily unavailable, for example the shared state store is down;
     * retry later ({@code data.retryAfterMs}). HTTP 503.
     */
    public static final int UNAVAILABLE = -31503;
    /**
     * Switchboard's own: a gateway's upstream failed (unreachable, crashed, marked unhealthy, or
     * answered with something that is not valid MCP, or too much); {@code data.upstream} names it.
     * HTTP 502.
     */
    public static final int UPSTREAM_FAILED = -31502;
    /** Switchboard's own: a gateway's upstream did not answer in time; {@code data.upstream} names it. HTTP 504. */
    public static final int UPSTREAM_TIMEOUT = -31504;

    private ErrorCode() {
    }

    /** A human name for {@code code}, for logs. */
    public static String nameOf(int code) {
        return switch (code) {
            case PARSE_ERROR -> "Parse error";
            case INVALID_REQUEST -> "Invalid request";
            case METHOD_NOT_FOUND -> "Method not found";
            case INVALID_PARAMS -> "Invalid params";
            case INTERNAL_ERROR -> "Internal error";
            case RESOURCE_NOT_FOUND -> "Resource not found";
            case HEADER_MISMATCH -> "Header mismatch";
            case MISSING_REQUIRED_CLIENT_CAPABILITY -> "Missing required client capability";
            case UNSUPPORTED_PROTOCOL_VERSION -> "Unsupported protocol version";
            case URL_ELICITATION_REQUIRED -> "URL elicitation required";
            case UNAUTHENTICATED -> "Unauthenticated";
            case FORBIDDEN -> "Forbidden";
            case RATE_LIMITED -> "Rate limited";
            case UNAVAILABLE -> "Temporarily unavailable";
            case UPSTREAM_FAILED -> "Upstream failed";
            case UPSTREAM_TIMEOUT -> "Upstream timed out";
            default -> "Error " + code;
        };
    }
}
