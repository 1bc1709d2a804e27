package dev.switchboard.client.auth;

import java.net.URI;

/**
 * The user-agent step of the authorization code grant: show the user the authorization server's
 * page and bring back where it redirected to. {@link LoopbackAuthorizationHandler} opens a
 * browser (or prints the URL) and receives the redirect on a loopback port; tests and
 * auto-approving servers can fetch the URL and read the redirect's {@code Location}.
 */
public interface AuthorizationHandler {
    /**
     * The redirect URI to register and to send in authorization requests. It must not change
     * between calls.
     */
    URI redirectUri();

    /**
     * Sends the user to {@code authorizationUrl} and waits for the authorization server to
     * redirect back to {@link #redirectUri()}.
     *
     * @param authorizationUrl the complete authorization request
     * @return the URI the user agent was redirected to, with its query ({@code code}, {@code state},
     *     {@code iss}, or {@code error})
     * @throws Exception when the user did not complete the step (the call fails)
     */
    URI authorize(URI authorizationUrl) throws Exception;
}
