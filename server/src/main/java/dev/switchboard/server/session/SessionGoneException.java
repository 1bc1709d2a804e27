package dev.switchboard.server.session;

/**
 * The session id is unknown, forged, expired or was terminated: the transport answers 404 and the
 * client starts over with {@code initialize}.
 */
public final class SessionGoneException extends RuntimeException {
    /** A gone session, with the reason (for logs; clients only see 404). */
    public SessionGoneException(String reason) {
        super(reason);
    }
}
