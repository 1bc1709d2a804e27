package dev.switchboard.client.auth;

import java.util.Objects;

/**
 * A client registered with an authorization server beforehand: its {@code client_id} and, for a
 * confidential client, its secret.
 *
 * @param issuer     the authorization server it is registered with (its metadata {@code issuer}),
 *                   or null to use it with any server (only sensible when there is one)
 * @param clientId   {@code client_id}
 * @param secret     {@code client_secret}, or null for a public client
 * @param authMethod the token endpoint auth method ({@code client_secret_basic},
 *                   {@code client_secret_post}, {@code none}), or null to pick one the server lists
 */
public record RegisteredClient(String issuer, String clientId, String secret, String authMethod) {
    /** Checks the id. */
    public RegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId must not be empty");
        }
    }

    /** A confidential client usable with any server. */
    public static RegisteredClient of(String clientId, String secret) {
        return new RegisteredClient(null, clientId, secret, null);
    }

    @Override
    public String toString() {
        return "RegisteredClient[" + issuer + ", " + clientId + (secret == null ? "" : ", secret ***") + "]";
    }
}
