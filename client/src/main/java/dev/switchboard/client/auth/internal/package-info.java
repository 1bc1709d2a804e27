/**
 * The OAuth client's machinery: HTTP to the authorization server (JDK {@code java.net.http}, never
 * following redirects), metadata discovery and validation, PKCE, client registration and the
 * token endpoint. Not API.
 */
package dev.switchboard.client.auth.internal;
