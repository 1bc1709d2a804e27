/**
 * OpenID Connect sign-in for pages a person opens in a browser (the approval page): the
 * authorization code flow with PKCE, {@code state} and {@code nonce}, the ID token checked with
 * Nimbus against the issuer's keys, and a short session kept in a cookie sealed with the
 * deployment's key ring, so any instance accepts it. Knows no HTTP server: a route passes query
 * and cookie header in and writes the redirects and cookies it gets back.
 */
package dev.switchboard.auth.signin;
