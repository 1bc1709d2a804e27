package dev.switchboard.client.auth.internal;

import dev.switchboard.client.auth.AuthorizationException;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Token requests (RFC 6749 §3.2) with client authentication: {@code client_secret_basic}
 * (RFC 6749 §2.3.1: id and secret form-encoded, then Base64), {@code client_secret_post},
 * {@code none} ({@code client_id} in the form), or {@code private_key_jwt} (RFC 7523, through an
 * assertion signer).
 */
public final class TokenEndpoint {
    /** {@code client_secret_basic}. */
    public static final String BASIC = "client_secret_basic";
    /** {@code client_secret_post}. */
    public static final String POST = "client_secret_post";
    /** {@code none}. */
    public static final String NONE = "none";
    /** {@code private_key_jwt}. */
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";
    /** The RFC 7523 client assertion type. */
    public static final String JWT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final OAuthHttp http;
    private final Clock clock;

    /** Token requests over {@code http}. */
    public TokenEndpoint(OAuthHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * POSTs a token request and reads the tokens.
     *
     * @param server     the authorization server
     * @param client     who asks
     * @param form       the grant's parameters ({@code grant_type} first)
     * @param requested  the scopes asked for (the grant's scopes when the response names none), or null
     * @param assertions signs a {@code private_key_jwt} client assertion for an audience, or null
     * @param extraHeaders more request headers (e.g. {@code DPoP}), or an empty map
     * @throws AuthorizationException with the server's {@code error} and {@code error_description}
     */
    public Tokens request(ServerMetadata server, Registration client, Map<String, String> form, Set<String> requested,
                         Function<String, String> assertions, Map<String, String> extraHeaders) {
        OAuthHttp.Reply r = send(server, client, form, assertions, extraHeaders);
        return read(server, form.get("grant_type"), r, requested);
    }

    /** Sends a token request and returns the raw reply (DPoP nonce retries look at it first). */
    public OAuthHttp.Reply send(ServerMetadata server, Registration client, Map<String, String> form,
                                Function<String, String> assertions, Map<String, String> extraHeaders) {
        Map<String, String> body = new LinkedHashMap<>(form);
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        if (client != null) {
            String method = client.authMethodFor(server);
            switch (method) {
                case BASIC -> headers.put("Authorization", basic(client.clientId(), client.clientSecret()));
                case POST -> {
                    body.put("client_id", client.clientId());
                    body.put("client_secret", client.clientSecret());
                }
                case PRIVATE_KEY_JWT -> {
                    if (assertions == null) {
                        throw new AuthorizationException("client " + client.clientId() + " authenticates with private_key_jwt"
                                + " but no signing key is configured");
                    }
                    body.put("client_id", client.clientId());
                    body.put("client_assertion_type", JWT_ASSERTION_TYPE);
                    body.put("client_assertion", assertions.apply(server.issuer()));
                }
                default -> body.put("client_id", client.clientId());
            }
        }
        return http.postForm(server.tokenEndpoint(), body, headers);
    }

    /** Reads a token response. */
    public Tokens read(ServerMetadata server, String grantType, OAuthHttp.Reply r, Set<String> requested) {
        JsonObject json = r.json();
        if (!r.ok()) {
            String error = json == null ? null : json.getString("error");
            String description = json == null ? null : json.getString("error_description");
            throw new AuthorizationException("The token request (" + grantType + ") to " + server.tokenEndpoint()
                    + " failed with HTTP " + r.status() + (error == null ? ": " + r.snippet() : ": " + error
                    + (description == null ? "" : " (" + description + ")")));
        }
        String token = json == null ? null : json.getString("access_token");
        String type = json == null ? null : json.getString("token_type");
        if (token == null || type == null) {
            throw new AuthorizationException("The token response from " + server.tokenEndpoint()
                    + " lacks access_token or token_type: " + r.snippet());
        }
        if (!type.equalsIgnoreCase("Bearer") && !type.equalsIgnoreCase("DPoP")) {
            throw new AuthorizationException("The token from " + server.tokenEndpoint() + " is of type " + type
                    + "; this client uses Bearer (or DPoP) tokens");
        }
        Instant expires = null;
        if (json.get("expires_in") instanceof JsonNumber n && n.doubleValue() > 0) {
            expires = clock.instant().plusSeconds((long) n.doubleValue());
        }
        String scope = json.getString("scope");
        Set<String> scopes = scope != null ? split(scope) : requested == null ? Set.of() : requested;
        return new Tokens(token, type, expires, json.getString("refresh_token"), scopes, server.issuer());
    }

    /** {@code Basic base64(urlencode(id) ":" urlencode(secret))}. */
    static String basic(String id, String secret) {
        String pair = Forms.component(id) + ":" + Forms.component(secret == null ? "" : secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Splits a space-separated scope list, keeping order. */
    public static Set<String> split(String scope) {
        Set<String> out = new LinkedHashSet<>();
        if (scope != null) {
            Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }


}
