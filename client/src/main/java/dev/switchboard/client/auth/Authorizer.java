package dev.switchboard.client.auth;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Supplies credentials for the requests an {@link dev.switchboard.client.McpClient} sends over
 * HTTP, and reacts when the server refuses them. Register one with
 * {@code McpClient.Builder.authorizer(...)}.
 *
 * <p>The transport calls {@link #headers} before every HTTP request to the MCP endpoint (POST,
 * the session-era GET stream, DELETE). When the server answers 401, or 403 with
 * {@code error="insufficient_scope"}, it calls {@link #onChallenge}; {@code true} means new
 * credentials are ready and the request is sent again. The transport bounds the retries: one
 * after a 401 and two step-ups after a 403 per request. The call's timeout is paused while
 * {@code onChallenge} runs (it may wait for a person in a browser).
 *
 * <p>Implementations must be thread-safe: concurrent calls may be refused at the same time.
 * {@link OAuthAuthorizer} is the OAuth 2.1 implementation; {@link #bearer(String)} sends a fixed token.
 */
public interface Authorizer {
    /**
     * Headers to add to a request, typically {@code Authorization}; empty when there are no
     * credentials yet (the server's 401 then says how to get them).
     *
     * @param httpMethod the request's method
     * @param uri        the request's URI
     */
    Map<String, String> headers(String httpMethod, URI uri);

    /**
     * Handles a refusal.
     *
     * @return true to send the refused request again with fresh {@link #headers}; false to give up
     *     (the call then fails with the server's answer)
     * @throws dev.switchboard.client.McpClientException when authorization failed or was refused for
     *     a security reason (the call fails with it)
     */
    boolean onChallenge(AuthChallenge challenge);

    /**
     * Sends {@code Authorization: Bearer <token>} on every request and never retries: a refused
     * token fails the call.
     */
    static Authorizer bearer(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("a bearer token is printable ASCII without spaces");
        }
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token);
        return new Authorizer() {
            @Override
            public Map<String, String> headers(String httpMethod, URI uri) {
                return headers;
            }

            @Override
            public boolean onChallenge(AuthChallenge challenge) {
                return false;
            }

            @Override
            public String toString() {
                return "Authorizer.bearer(***)";
            }
        };
    }
}
