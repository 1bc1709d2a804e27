package dev.switchboard.http.internal;

import dev.switchboard.protocol.jsonrpc.ErrorCode;

/** The one table from JSON-RPC error code to HTTP status on the 2026-07-28 path. */
final class ErrorStatus {
    private ErrorStatus() {
    }

    /**
     * The status for {@code code}.
     *
     * @param envelope true when the error comes from envelope validation (missing {@code _meta}),
     *                 where -32602 is a 400; handler-level -32602 (unknown tool, bad cursor) is 200
     */
    static int of(int code, boolean envelope) {
        return switch (code) {
            case ErrorCode.PARSE_ERROR, ErrorCode.INVALID_REQUEST, ErrorCode.HEADER_MISMATCH,
                 ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY, ErrorCode.UNSUPPORTED_PROTOCOL_VERSION -> 400;
            case ErrorCode.METHOD_NOT_FOUND -> 404;
            case ErrorCode.INVALID_PARAMS -> envelope ? 400 : 200;
            case ErrorCode.INTERNAL_ERROR -> 500;
            case ErrorCode.UNAUTHENTICATED -> 401;
            case ErrorCode.FORBIDDEN -> 403;
            case ErrorCode.RATE_LIMITED -> 429;
            case ErrorCode.UNAVAILABLE -> 503;
            case ErrorCode.UPSTREAM_FAILED -> 502;
            case ErrorCode.UPSTREAM_TIMEOUT -> 504;
            default -> 200;
        };
    }

    /**
     * The status for {@code code} in the session era, where JSON-RPC errors travel with 200
     * because a 404 means "session gone"; only transport-level conditions get their own status.
     */
    static int ofSession(int code) {
        return switch (code) {
            case ErrorCode.INTERNAL_ERROR -> 500;
            case ErrorCode.UNAUTHENTICATED -> 401;
            case ErrorCode.FORBIDDEN -> 403;
            case ErrorCode.RATE_LIMITED -> 429;
            case ErrorCode.UNAVAILABLE -> 503;
            default -> 200;
        };
    }
}
