package dev.switchboard.outbound;

import java.io.IOException;

/**
 * An outbound request that was refused or failed: a refused address, too many redirects, a body
 * over the cap, a timeout, an unexpected status or content type. The message names the URL and
 * what was wrong, and is safe to show (it never contains request credentials).
 */
public final class OutboundException extends IOException {
    private final int status;

    /** A request refused or failed for the reason in {@code message}. */
    public OutboundException(String message) {
        this(message, 0);
    }

    /** A request answered with the unexpected HTTP {@code status}, as {@code message} says. */
    public OutboundException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** A request that failed because of {@code cause}. */
    public OutboundException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /**
     * The HTTP status of an answer that was not accepted (e.g. 503), or 0 when the request got no
     * answer or was refused before it was sent: lets callers tell a retriable failure from a final one.
     */
    public int status() {
        return status;
    }
}
