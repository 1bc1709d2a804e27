package dev.switchboard.client.auth.internal;

import java.time.Instant;
import java.util.Set;

/**
 * Tokens from a token endpoint.
 *
 * @param accessToken  the access token
 * @param tokenType    {@code Bearer} (or {@code DPoP})
 * @param expiresAt    when the access token expires, or null when the server did not say
 * @param refreshToken the refresh token, or null
 * @param scopes       the scopes granted: the response's {@code scope}, else those requested
 * @param issuer       the authorization server that issued them
 */
public record Tokens(String accessToken, String tokenType, Instant expiresAt, String refreshToken, Set<String> scopes,
                    String issuer) {
    /** True when the access token expires within {@code skewSeconds} of {@code now}. */
    public boolean expired(Instant now, long skewSeconds) {
        return expiresAt != null && !now.plusSeconds(skewSeconds).isBefore(expiresAt);
    }

    /** The {@code Authorization} header value. */
    public String authorization() {
        return ("DPoP".equalsIgnoreCase(tokenType) ? "DPoP " : "Bearer ") + accessToken;
    }

    @Override
    public String toString() {
        return "Tokens[" + tokenType + " ***, expires " + expiresAt + ", refresh " + (refreshToken != null) + ", " + scopes + "]";
    }
}
