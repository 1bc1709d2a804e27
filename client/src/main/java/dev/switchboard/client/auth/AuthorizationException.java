package dev.switchboard.client.auth;

import dev.switchboard.client.McpClientException;

/**
 * Getting authorization failed: discovery found no usable metadata, the metadata or the
 * authorization response failed a security check (resource or issuer mismatch, a wrong or missing
 * {@code iss}), the user or the authorization server refused, or the token request failed. Of
 * kind {@link McpClientException.Kind#UNAUTHORIZED}; the message says which step failed and why.
 */
public final class AuthorizationException extends McpClientException {
    /** A failure of the authorization flow. */
    public AuthorizationException(String message) {
        super(Kind.UNAUTHORIZED, message, 0, null);
    }

    /** A failure of the authorization flow caused by {@code cause}. */
    public AuthorizationException(String message, Throwable cause) {
        super(Kind.UNAUTHORIZED, message, 0, cause);
    }
}
