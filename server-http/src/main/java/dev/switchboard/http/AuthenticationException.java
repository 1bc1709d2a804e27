package dev.switchboard.http;

/**
 * A request whose caller cannot be accepted: answered with 401 (or 403 when the caller is known
 * but its credential may not be used here) and a JSON-RPC error carrying the message.
 */
public final class AuthenticationException extends Exception {
    private final String challenge;
    private final boolean forbidden;

    private AuthenticationException(String message, String challenge, boolean forbidden) {
        super(message);
        this.challenge = challenge;
        this.forbidden = forbidden;
    }

    /**
     * 401: no credential, or one that is invalid (bad signature, expired, wrong audience).
     *
     * @param message   what is wrong, for a person
     * @param challenge the {@code WWW-Authenticate} value, e.g. {@code Bearer error="invalid_token"}; may be null
     */
    public static AuthenticationException unauthorized(String message, String challenge) {
        return new AuthenticationException(message, challenge, false);
    }

    /** 403: a valid credential that does not allow this request (e.g. {@code insufficient_scope}). */
    public static AuthenticationException forbidden(String message, String challenge) {
        return new AuthenticationException(message, challenge, true);
    }

    /** The {@code WWW-Authenticate} header value, or null. */
    public String challenge() {
        return challenge;
    }

    /** True for 403, false for 401. */
    public boolean forbidden() {
        return forbidden;
    }
}
