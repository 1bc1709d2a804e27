/**
 * The OAuth 2.1 resource server of an MCP endpoint (protocol brief §7): RFC 9728 Protected Resource
 * Metadata, bearer access tokens validated as JWTs (RFC 9068, per-issuer JWKS) or by RFC 7662
 * introspection, the {@code WWW-Authenticate} challenges, and scopes per method and tool.
 * Entry point: {@link dev.switchboard.auth.OAuthResourceServer}.
 */
package dev.switchboard.auth;
