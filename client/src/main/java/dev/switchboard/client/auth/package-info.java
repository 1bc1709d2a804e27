/**
 * Authorization for {@link dev.switchboard.client.McpClient}: the {@link dev.switchboard.client.auth.Authorizer}
 * seam the HTTP transport calls on every request and on every 401 or 403 challenge, a fixed bearer
 * token ({@link dev.switchboard.client.auth.Authorizer#bearer(String)}), and a complete OAuth 2.1 client
 * ({@link dev.switchboard.client.auth.OAuthAuthorizer}) that follows the MCP authorization specification:
 * protected resource metadata (RFC 9728), authorization server metadata (RFC 8414, OpenID Connect
 * Discovery), client registration (pre-registered, Client ID Metadata Document, RFC 7591), the
 * authorization code grant with PKCE, the {@code iss} response parameter (RFC 9207), resource
 * indicators (RFC 8707), refresh tokens, and scope step-up.
 */
package dev.switchboard.client.auth;
