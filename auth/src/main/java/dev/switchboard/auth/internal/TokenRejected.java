package dev.switchboard.auth.internal;

/**
 * A bearer token that is not accepted here. The message reaches the caller (JSON-RPC error and
 * {@code error_description}), so it says what is wrong without echoing the token.
 */
public final class TokenRejected extends Exception {
    /** A token refused for the reason in {@code message}. */
    public TokenRejected(String message) {
        super(message, null, false, false); // expected on every bad request: no stack trace
    }
}
