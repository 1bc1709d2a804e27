package dev.switchboard.client.auth.internal;

/**
 * The client's identity at one authorization server. Credentials are bound to the issuer that
 * issued them and never shown to another (MCP authorization, "credential binding").
 *
 * @param issuer       the authorization server it belongs to
 * @param clientId     {@code client_id}
 * @param clientSecret {@code client_secret}, or null for a public client
 * @param authMethod   the token endpoint auth method it was registered with, or null to choose from the metadata
 * @param how          how it was obtained, for messages
 */
public record Registration(String issuer, String clientId, String clientSecret, String authMethod, How how) {
    /** How a registration came about. */
    public enum How {
        /** Configured by the application. */
        PRE_REGISTERED,
        /** A Client ID Metadata Document URL used as {@code client_id}. */
        METADATA_DOCUMENT,
        /** RFC 7591 dynamic registration. */
        DYNAMIC
    }

    /** The token endpoint auth method to use with {@code server}. */
    public String authMethodFor(ServerMetadata server) {
        if (authMethod != null) {
            return authMethod;
        }
        if (clientSecret == null) {
            return TokenEndpoint.NONE;
        }
        if (server.authMethods().contains(TokenEndpoint.BASIC)) {
            return TokenEndpoint.BASIC;
        }
        if (server.authMethods().contains(TokenEndpoint.POST)) {
            return TokenEndpoint.POST;
        }
        return TokenEndpoint.NONE;
    }

    @Override
    public String toString() {
        return "Registration[" + issuer + ", " + clientId + ", " + how + (clientSecret == null ? "" : ", secret ***") + "]";
    }
}
