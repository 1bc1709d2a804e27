package dev.switchboard.client;

/**
 * Why a call of {@link McpClient} failed. Unchecked; {@link #kind()} says what went wrong and the
 * message says it in words a person can act on (it names the endpoint for transport failures).
 * Two kinds carry more detail in a subclass: {@link ErrorResponseException} (the server answered
 * with a JSON-RPC error) and {@link UnauthorizedException} (HTTP 401).
 *
 * <p>A tool that fails is not an exception: it is a {@code CallToolResult} with
 * {@code isError: true}.
 */
public class McpClientException extends RuntimeException {
    /** The closed set of failure kinds. */
    public enum Kind {
        /** The server answered with a JSON-RPC error; see {@link ErrorResponseException}. */
        ERROR_RESPONSE,
        /** HTTP 401: credentials are missing or rejected; see {@link UnauthorizedException}. */
        UNAUTHORIZED,
        /** The server answered with an HTTP error status and no JSON-RPC error. */
        HTTP_STATUS,
        /** The server could not be reached or the connection broke. */
        TRANSPORT,
        /** The call did not finish within its timeout. */
        TIMEOUT,
        /** The call was cancelled (token or thread interrupt). */
        CANCELLED,
        /** The server's answer broke the protocol: bad JSON, wrong id, a stream that ended early, too large. */
        INVALID_RESPONSE,
        /** The server asked for input the client cannot give (no handler, handler failed, too many rounds). */
        INPUT,
        /** The client was closed. */
        CLOSED,
        /**
         * What was asked is not available in the negotiated era, e.g. the Tasks extension with a
         * session-era (2025-11-25 or older) server; the message says why.
         */
        UNSUPPORTED
    }

    private final Kind kind;
    private final int httpStatus;

    /**
     * A failure.
     *
     * @param kind       what went wrong
     * @param message    a message a person can act on
     * @param httpStatus the HTTP status involved, or 0
     * @param cause      the underlying failure, or null
     */
    public McpClientException(Kind kind, String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
    }

    /** A failure without HTTP status or cause. */
    public McpClientException(Kind kind, String message) {
        this(kind, message, 0, null);
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status of the response that failed, or 0 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }
}
