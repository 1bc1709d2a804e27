package dev.switchboard.gateway;

import java.net.URI;
import java.security.PrivateKey;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the gateway gets its own credentials for an HTTP upstream from an OAuth authorization
 * server. The caller's access token never goes upstream: either the gateway calls as itself
 * ({@link ClientCredentials}), or it exchanges the caller's token (RFC 8693) for one whose
 * audience is the upstream ({@link TokenExchange}). Static credentials (headers and a bearer token)
 * stay on {@link UpstreamConfig.Http}. Each upstream request then carries
 * {@code Authorization: Bearer <upstream token>}; a 401 gets a fresh token and one retry.
 */
public sealed interface UpstreamAuth permits UpstreamAuth.ClientCredentials, UpstreamAuth.TokenExchange {

    /** The authorization server and the gateway's client there. */
    OAuthClient client();

    /** The scopes to ask for; empty for the server's defaults. */
    Set<String> scopes();

    /** The RFC 8707 {@code resource} to ask for, or null for the upstream's URL. */
    URI resource();

    /** The RFC 8693 {@code audience} to ask for, or null for none. */
    String audience();

    /**
     * The gateway's client at an authorization server.
     *
     * @param issuer        the server's issuer (its token endpoint is discovered), or null when
     *                      {@code tokenEndpoint} is given
     * @param tokenEndpoint the token endpoint, or null to discover it from {@code issuer}
     * @param clientId      the gateway's {@code client_id}
     * @param clientSecret  its secret ({@code client_secret_basic}), or null with {@code privateKey}
     * @param privateKey    the key of {@code private_key_jwt} client authentication, or null
     * @param keyAlgorithm  the JWS algorithm of {@code privateKey} (e.g. {@code ES256}), or null
     */
    record OAuthClient(String issuer, URI tokenEndpoint, String clientId, String clientSecret, PrivateKey privateKey,
                       String keyAlgorithm) {
        /** Checks that the server and one way of authenticating are given. */
        public OAuthClient {
            if (issuer == null && tokenEndpoint == null) {
                throw new IllegalArgumentException("auth needs the authorization server's issuer or tokenEndpoint");
            }
            Objects.requireNonNull(clientId, "clientId");
            if (clientId.isBlank()) {
                throw new IllegalArgumentException("auth needs a clientId");
            }
            if ((clientSecret == null) == (privateKey == null)) {
                throw new IllegalArgumentException("auth for client " + clientId
                        + " needs exactly one of a client secret and a private key (private_key_jwt)");
            }
            if (privateKey != null && keyAlgorithm == null) {
                keyAlgorithm = privateKey.getAlgorithm().equals("EC") ? "ES256" : "RS256";
            }
        }

        /** A client authenticating with a secret. */
        public static OAuthClient withSecret(String issuer, URI tokenEndpoint, String clientId, String clientSecret) {
            return new OAuthClient(issuer, tokenEndpoint, clientId, clientSecret, null, null);
        }

        /** Names the server and client only: the secret and key are never shown. */
        @Override
        public String toString() {
            return "OAuthClient[" + (issuer != null ? issuer : tokenEndpoint) + ", " + clientId
                    + (clientSecret != null ? ", secret ***" : ", private_key_jwt " + keyAlgorithm) + "]";
        }
    }

    /**
     * The gateway calls the upstream as itself, with a client credentials token for it.
     *
     * @param client   the authorization server and client
     * @param scopes   the scopes to ask for; empty for the defaults
     * @param resource the resource to ask for, or null for the upstream's URL
     * @param audience the audience to ask for, or null
     */
    record ClientCredentials(OAuthClient client, Set<String> scopes, URI resource, String audience) implements UpstreamAuth {
        /** Copies the scopes. */
        public ClientCredentials {
            Objects.requireNonNull(client, "client");
            scopes = Set.copyOf(new LinkedHashSet<>(scopes));
        }
    }

    /**
     * Each caller's access token is exchanged at the authorization server (RFC 8693) for a token
     * for the upstream, with the gateway as actor; the result is used for that caller's requests
     * to that upstream only, cached in memory until shortly before it expires. The gateway's own
     * client credentials token serves the requests no caller makes (listing the upstream's tools,
     * watching for changes). Needs the gateway's endpoint to be an OAuth resource server (so it
     * has a validated caller token to exchange) and a 2026-07-28 upstream: a session-era session
     * is shared by every caller.
     *
     * @param client     the authorization server (the one that issued the callers' tokens) and client
     * @param scopes     the scopes to ask for; empty for what the server grants
     * @param resource   the resource to ask for, or null for the upstream's URL
     * @param audience   the audience to ask for, or null
     * @param actorToken also send the gateway's own client credentials token as {@code actor_token}
     */
    record TokenExchange(OAuthClient client, Set<String> scopes, URI resource, String audience, boolean actorToken)
            implements UpstreamAuth {
        /** Copies the scopes. */
        public TokenExchange {
            Objects.requireNonNull(client, "client");
            scopes = Set.copyOf(new LinkedHashSet<>(scopes));
        }
    }
}
