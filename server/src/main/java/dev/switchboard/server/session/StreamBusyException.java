package dev.switchboard.server.session;

/**
 * The session already has an open GET stream (on any instance). One stream per session, so no
 * notification is ever delivered twice; the transport answers 409.
 */
public final class StreamBusyException extends RuntimeException {
    /** The standard message. */
    public StreamBusyException() {
        super("This session already has an open GET stream; close it before opening another");
    }
}
