package dev.switchboard.client.auth.internal;

import dev.switchboard.client.auth.AuthorizationException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One authorization code request (RFC 6749 §4.1 with PKCE, RFC 8707 {@code resource}) and the
 * checks on its response: {@code state}, {@code error}, and RFC 9207's {@code iss} (compared with
 * the metadata's issuer exactly, required when the server advertises it).
 *
 * @param url         the authorization request URL
 * @param state       the {@code state} sent
 * @param pkce        the PKCE pair
 * @param redirectUri the redirect URI sent
 */
public record CodeFlow(URI url, String state, Pkce pkce, URI redirectUri) {
    /**
     * Builds the request.
     *
     * @param scopes   the scopes to ask for; none means no {@code scope} parameter
     * @param resource the protected resource, exactly as its metadata published it
     */
    public static CodeFlow start(ServerMetadata server, String clientId, URI redirectUri, Set<String> scopes, String resource) {
        if (server.authorizationEndpoint() == null) {
            throw new AuthorizationException("Authorization server " + server.issuer() + " has no authorization_endpoint");
        }
        if (!server.codeChallengeMethods().contains(Pkce.METHOD)) {
            throw new AuthorizationException("Authorization server " + server.issuer() + " does not list S256 in"
                    + " code_challenge_methods_supported; refusing to authorize without PKCE");
        }
        Pkce pkce = Pkce.create();
        String state = Pkce.random(24);
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", redirectUri.toString());
        q.put("state", state);
        q.put("code_challenge", pkce.challenge());
        q.put("code_challenge_method", Pkce.METHOD);
        q.put("resource", resource);
        if (!scopes.isEmpty()) {
            q.put("scope", String.join(" ", scopes));
        }
        return new CodeFlow(Forms.withQuery(server.authorizationEndpoint(), q), state, pkce, redirectUri);
    }

    /**
     * Checks where the user agent was sent back to and returns the authorization code.
     *
     * @throws AuthorizationException for an error response, a wrong {@code state}, or an {@code iss}
     *     that is wrong or missing when required (the code is then never used)
     */
    public String code(ServerMetadata server, URI callback) {
        if (callback == null) {
            throw new AuthorizationException("The authorization server did not redirect back to " + redirectUri);
        }
        Map<String, String> q = Forms.decode(callback.getRawQuery());
        String iss = q.get("iss");
        if (iss != null && !iss.equals(server.issuer())) {
            throw new AuthorizationException("The authorization response names issuer " + iss + ", not " + server.issuer()
                    + "; refusing it (RFC 9207: a mix-up attack, or a misconfigured server)");
        }
        if (iss == null && server.issParameter()) {
            throw new AuthorizationException("The authorization response from " + server.issuer() + " lacks the iss"
                    + " parameter its metadata promises; refusing it (RFC 9207)");
        }
        if (!state.equals(q.get("state"))) {
            throw new AuthorizationException("The authorization response's state does not match the request's;"
                    + " refusing it");
        }
        if (q.get("error") != null) {
            throw new AuthorizationException("Authorization was refused: " + q.get("error")
                    + (q.get("error_description") == null ? "" : " (" + q.get("error_description") + ")"));
        }
        String code = q.get("code");
        if (code == null || code.isEmpty()) {
            throw new AuthorizationException("The authorization response has no code: " + callback);
        }
        return code;
    }
}
