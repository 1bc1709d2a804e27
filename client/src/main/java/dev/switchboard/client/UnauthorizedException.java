package dev.switchboard.client;

import java.net.URI;

/**
 * The server answered HTTP 401: the request needs (other) credentials. Per RFC 9728 the
 * {@code WWW-Authenticate} challenge names the protected resource metadata document, which says
 * where to get a token; the message includes that URL. Configure a token with
 * {@code McpClient.Builder.bearerToken(...)}, or let
 * {@link dev.switchboard.client.auth.OAuthAuthorizer} get one ({@code McpClient.Builder.authorizer(...)}).
 */
public final class UnauthorizedException extends McpClientException {
    private final String challenge;
    private final URI resourceMetadata;

    /**
     * A 401.
     *
     * @param endpoint         the MCP endpoint
     * @param challenge        the {@code WWW-Authenticate} header, or null
     * @param resourceMetadata its {@code resource_metadata} URL, or null
     */
    public UnauthorizedException(URI endpoint, String challenge, URI resourceMetadata) {
        this(endpoint, challenge, resourceMetadata, null);
    }

    /**
     * @param serverMessage what the server's error body says, or null
     */
    public UnauthorizedException(URI endpoint, String challenge, URI resourceMetadata, String serverMessage) {
        super(Kind.UNAUTHORIZED, "Unauthorized (HTTP 401) at " + endpoint
                + (serverMessage == null || serverMessage.isBlank() ? "" : ": " + serverMessage)
                + (resourceMetadata != null ? "; protected resource metadata: " + resourceMetadata
                : challenge != null ? "; challenge: " + challenge : "; no WWW-Authenticate challenge"), 401, null);
        this.challenge = challenge;
        this.resourceMetadata = resourceMetadata;
    }

    /** The raw {@code WWW-Authenticate} header, or null when absent. */
    public String challenge() {
        return challenge;
    }

    /** The protected resource metadata URL from the challenge, or null when absent. */
    public URI resourceMetadata() {
        return resourceMetadata;
    }
}
