package dev.switchboard.client.auth;

/**
 * Supplies the assertion of an RFC 7523 JWT bearer grant: a workload identity token, or an
 * identity assertion grant (ID-JAG) obtained from the organisation's identity provider.
 */
@FunctionalInterface
public interface JwtBearerAssertion {
    /**
     * An assertion for the authorization server {@code issuer} and the protected resource
     * {@code resource} (its metadata's {@code resource}, verbatim).
     *
     * @throws Exception when none can be had (authorization then fails with it)
     */
    String assertion(String issuer, String resource) throws Exception;
}
