package dev.switchboard.auth;

import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

    /**
     * Reads {@code issuer}'s RFC 8414 metadata ({@code /.well-known/oauth-authorization-server}, then
     * OpenID Connect's {@code /.well-known/openid-configuration}) through {@code http} for its
     * {@code jwks_uri}. Blocks.
     *
     * @throws OutboundException when neither document can be fetched, or one names another issuer or no jwks_uri
     */
    public static TrustedIssuer discover(String issuer, SafeHttpClient http) throws OutboundException {
        URI base = URI.create(issuer);
        String path = base.getRawPath() == null || base.getRawPath().equals("/") ? "" : base.getRawPath();
        String origin = base.getScheme() + "://" + base.getRawAuthority();
        List<String> failures = new ArrayList<>();
        for (URI candidate : List.of(URI.create(origin + "/.well-known/oauth-authorization-server" + path),
                URI.create(issuer.replaceAll("/$", "") + "/.well-known/openid-configuration"))) {
            try {
                if (!(Wire.parse(http.get(candidate, Set.of("application/json")).body()) instanceof JsonObject doc)) {
                    failures.add(candidate + " is not a JSON object");
                    continue;
                }
                if (!issuer.equals(doc.getString("issuer"))) { // RFC 8414 §3.3: metadata must name the issuer it was fetched for
                    throw new OutboundException(candidate + " names issuer " + doc.getString("issuer") + ", not " + issuer);
                }
                if (doc.getString("jwks_uri") == null) {
                    throw new OutboundException(candidate + " has no jwks_uri");
                }
                return jwt(issuer, URI.create(doc.getString("jwks_uri")));
            } catch (OutboundException e) {
                failures.add(e.getMessage());
            } catch (RuntimeException e) {
                failures.add(candidate + ": " + e.getMessage());
            }
        }
        throw new OutboundException("cannot discover the keys of issuer " + issuer + ": " + String.join("; ", failures));
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
