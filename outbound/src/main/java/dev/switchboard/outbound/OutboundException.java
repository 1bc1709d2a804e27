package dev.switchboard.outbound;

import java.io.IOException;

/**
 * An outbound request that was refused or failed: a refused address, too many redirects, a body
 * over the cap, a timeout, an unexpected status or content type. The message names the URL and
 * what was wrong, and is safe to show (it never contains request credentials).
 */
public final class OutboundException extends IOException {
    /** A request refused or failed for the reason in {@code message}. */
    public OutboundException(String message) {
        super(message);
    }

    /** A request that failed because of {@code cause}. */
    public OutboundException(String message, Throwable cause) {
        super(message, cause);
    }
}
