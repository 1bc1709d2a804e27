package dev.switchboard.auth;

import java.net.URI;
import java.util.Objects;

/**
 * An authorization server whose access tokens this resource accepts.
 *
 * @param issuer        its issuer identifier, compared exactly with a token's {@code iss}
 * @param jwksUri       where its signing keys are (JWT access tokens); null when it only issues opaque tokens
 * @param introspection how to introspect its opaque tokens (RFC 7662); null when it issues JWTs only
 */
public record TrustedIssuer(String issuer, URI jwksUri, Introspection introspection) {
    public TrustedIssuer {
        Objects.requireNonNull(issuer, "issuer");
        if (jwksUri == null && introspection == null) {
            throw new IllegalArgumentException("issuer " + issuer + " needs a jwks_uri, an introspection endpoint, or both");
        }
    }

    /** An issuer of JWT access tokens signed with the keys at {@code jwksUri}. */
    public static TrustedIssuer jwt(String issuer, URI jwksUri) {
        return new TrustedIssuer(issuer, Objects.requireNonNull(jwksUri, "jwksUri"), null);
    }

    /** This issuer, with its opaque tokens introspected too. */
    public TrustedIssuer withIntrospection(Introspection introspection) {
        return new TrustedIssuer(issuer, jwksUri, introspection);
    }

    /**
     * An RFC 7662 introspection endpoint and the credentials this resource server uses there
     * ({@code client_secret_basic}).
     */
    public record Introspection(URI endpoint, String clientId, String clientSecret) {
        public Introspection {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
        }

        @Override
        public String toString() { // keeps the secret out of logs
            return "Introspection[endpoint=" + endpoint + ", clientId=" + clientId + "]";
        }
    }
}
