package dev.switchboard.state;

/**
 * A shared state backend (Redis, Postgres, ...) cannot be reached or did not answer in time. Thrown
 * by every state SPI call instead of blocking: backends fail within a bounded timeout, never hang.
 *
 * <p>Callers decide what an outage means for them (ARCHITECTURE §4): stateless calls carry on,
 * task creation is refused with a clear error, audit records spool locally. The message names the
 * backend and the operation, never a key or a value; the cause is the client library's exception.
 * The condition is usually transient: backends reconnect by themselves, and a later call may succeed.
 */
public class StateUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An outage described by {@code message}, caused by {@code cause} (may be null). */
    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An outage described by {@code message}. */
    public StateUnavailableException(String message) {
        super(message);
    }
}
