package dev.switchboard.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.client.McpClient;
import dev.switchboard.http.AuthenticationException;
import dev.switchboard.http.Authenticator;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT access-token validation with tokens the test signs with a key it serves as the issuer's
 * JWKS: every way a token can be wrong gets 401 with a challenge naming the metadata, and nothing
 * in a token makes the resource server fetch anything but the configured JWKS.
 */
class TokenValidationTest {
    private static final ScopeRules SCOPES = new ScopeRules(Set.of("mcp"), Map.of(),
            Map.of("refund", Set.of("payments:write", "payments:refund")));

    private ECKey key;
    private ECKey rotated;
    private volatile JWKSet published;
    private ProtectedEndpoint endpoint;
    private String issuer;
    private String resource;

    @BeforeEach
    void start() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        rotated = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
        published = new JWKSet(key.toPublicJWK());
        start(b -> { });
    }

    private void start(Consumer<OAuthResourceServer.Builder> more) throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
        endpoint = new ProtectedEndpoint((e, b) -> {
            e.documents.put("/jwks", () -> published.toString());
            b.issuer(TrustedIssuer.jwt(e.issuerUrl(), URI.create(e.issuerUrl() + "/jwks")))
                    .scopes(SCOPES).jwksRefreshInterval(Duration.ofMinutes(5));
            more.accept(b);
        });
        issuer = endpoint.issuerUrl();
        resource = endpoint.oauth.resource().toString();
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject("alice").audience(resource)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("client_id", "billing-app").claim("scope", "mcp payments:write");
    }

    private static JWSHeader.Builder header(ECKey signer) {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.getKeyID()).type(new JOSEObjectType("at+jwt"));
    }

    private static String sign(JWSHeader.Builder header, JWTClaimsSet claims, ECKey signer) throws Exception {
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        jwt.sign(new ECDSASigner(signer));
        return jwt.serialize();
    }

    private String token(JWTClaimsSet claims) throws Exception {
        return sign(header(key), claims, key);
    }

    private HttpResponse<String> whoami(String token) throws Exception {
        return endpoint.call("tools/call", "whoami", "Bearer " + token);
    }

    private static String errorMessage(HttpResponse<String> response) {
        return ((JsonObject) Wire.parse(response.body())).getObject("error").getString("message");
    }

    private static int errorCode(HttpResponse<String> response) {
        return (int) ((dev.switchboard.protocol.json.JsonNumber) ((JsonObject) Wire.parse(response.body()))
                .getObject("error").get("code")).longValue();
    }

    private String challenge(HttpResponse<String> response) {
        return response.headers().firstValue("WWW-Authenticate").orElseThrow();
    }

    private void assertRefused(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(errorCode(response)).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(errorMessage(response)).contains(reason);
        assertThat(challenge(response)).startsWith("Bearer error=\"invalid_token\", error_description=\"")
                .contains("resource_metadata=\"" + endpoint.oauth.metadataUrl() + "\"")
                .endsWith("scope=\"mcp\""); // what whoami needs: the headers tell which tool is called
    }

    @Test
    void aValidTokenReachesTheToolAsItsPrincipal() throws Exception {
        String token = token(claims().claim("act", Map.of("sub", "agent-b", "act", Map.of("sub", "agent-a"))).build());
        try (McpClient client = McpClient.builder(endpoint.http.endpoint()).bearerToken(token).build()) {
            String text = ((TextContent) client.callTool("whoami", JsonObject.EMPTY).content().getFirst()).text();
            assertThat(text).isEqualTo("billing-app for agent-b for agent-a for alice via " + issuer + " scopes [mcp, payments:write]");
        }
    }

    private String membership(String token) throws Exception {
        try (McpClient client = McpClient.builder(endpoint.http.endpoint()).bearerToken(token).build()) {
            return ((TextContent) client.callTool("membership", JsonObject.EMPTY).content().getFirst()).text();
        }
    }

    @Test
    void groupsRolesAndTenantComeFromTheirClaims() throws Exception {
        assertThat(membership(token(claims().claim("groups", java.util.List.of("finance", "staff")).claim("roles", "approver auditor")
                .claim("tenant", "acme").build()))).isEqualTo("groups [finance, staff] roles [approver, auditor] tenant acme");
        assertThat(membership(token(claims().build()))).isEqualTo("groups [] roles [] tenant ");

        start(b -> b.membership(new MembershipClaims("https://example.com/groups", "realm_access.roles", "tid")));
        String token = token(claims().claim("https://example.com/groups", java.util.List.of("ops"))
                .claim("realm_access", Map.of("roles", java.util.List.of("admin"))).claim("tid", "t-42")
                .claim("groups", java.util.List.of("ignored")).build());
        assertThat(membership(token)).isEqualTo("groups [ops] roles [admin] tenant t-42");
    }

    @Test
    void noTokenGets401WithTheMetadataAndEveryScopeTheCallNeeds() throws Exception {
        HttpResponse<String> response = endpoint.call("tools/call", "refund", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(errorCode(response)).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(challenge(response)).isEqualTo("Bearer resource_metadata=\"http://127.0.0.1:" + endpoint.http.port()
                + "/.well-known/oauth-protected-resource/mcp\", scope=\"mcp payments:refund payments:write\"");
        assertThat(errorMessage(response)).contains("needs an OAuth access token");
    }

    @Test
    void refusesATokenForAnotherAudience() throws Exception {
        assertRefused(whoami(token(claims().audience("https://upstream.example.com/mcp").build())),
                "issued for audience [https://upstream.example.com/mcp], not for this resource (" + resource + ")");
    }

    @Test
    void acceptsAConfiguredAudienceAlias() throws Exception {
        start(b -> b.alias(URI.create("https://mcp.example.com/mcp/")));
        assertThat(whoami(token(claims().audience("https://mcp.example.com/mcp").build())).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesExpiredAndNotYetValidTokensBeyondTheSkew() throws Exception {
        Instant now = Instant.now();
        assertRefused(whoami(token(claims().expirationTime(Date.from(now.minusSeconds(120))).build())), "expired at");
        assertRefused(whoami(token(claims().notBeforeTime(Date.from(now.plusSeconds(120))).build())), "not valid before");
        // within the 30 s skew: still fine
        assertThat(whoami(token(claims().expirationTime(Date.from(now.minusSeconds(5))).build())).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAnUnknownIssuerWithoutFetchingItsKeys() throws Exception {
        String elsewhere = issuer + "/other";
        endpoint.documents.put("/other/jwks", () -> published.toString());
        assertRefused(whoami(token(claims().issuer(elsewhere).build())), "issuer " + elsewhere + " is not trusted here");
        assertThat(endpoint.hits("/other/jwks")).isZero();
        assertThat(endpoint.hits("/other/.well-known/openid-configuration")).isZero();
    }

    @Test
    void refusesUnsignedAndHmacTokens() throws Exception {
        String none = new PlainJWT(claims().build()).serialize();
        assertRefused(whoami(none), "unsigned (alg \"none\")");
        // HS256 keyed with the public key's bytes: the classic algorithm-confusion attack
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1")
                .type(new JOSEObjectType("at+jwt")).build(), claims().build());
        hmac.sign(new MACSigner(key.toPublicJWK().toJSONString().repeat(2).getBytes()));
        assertRefused(whoami(hmac.serialize()), "signed with HS256, which is not accepted here");
    }

    @Test
    void anUnknownKidRefetchesTheKeysOnceThenWaits() throws Exception {
        assertThat(whoami(token(claims().build())).statusCode()).isEqualTo(200);
        assertThat(endpoint.hits("/jwks")).isEqualTo(1);
        // the issuer rotates: the first token with the new kid makes one fetch, and it verifies
        published = new JWKSet(List.of(key.toPublicJWK(), rotated.toPublicJWK()));
        assertThat(whoami(sign(header(rotated), claims().build(), rotated)).statusCode()).isEqualTo(200);
        assertThat(endpoint.hits("/jwks")).isEqualTo(2);
        // made-up kids within the refresh interval cost the issuer nothing
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("k3").generate();
        for (int i = 0; i < 3; i++) {
            assertRefused(whoami(sign(header(stranger), claims().build(), stranger)), "has no ES256 key with kid \"k3\"");
        }
        assertThat(endpoint.hits("/jwks")).isEqualTo(2);
    }

    @Test
    void aTokenNamingItsOwnKeyIsRefusedWithoutFetchingIt() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("evil").generate();
        endpoint.documents.put("/evil/jwks", () -> new JWKSet(attacker.toPublicJWK()).toString());
        String jku = sign(header(attacker).jwkURL(URI.create(issuer + "/evil/jwks")), claims().build(), attacker);
        assertRefused(whoami(jku), "names its own key (jku header)");
        String x5u = sign(header(attacker).x509CertURL(URI.create(issuer + "/evil/cert")), claims().build(), attacker);
        assertRefused(whoami(x5u), "(x5u header)");
        String jwk = sign(header(attacker).jwk(attacker.toPublicJWK()), claims().build(), attacker);
        assertRefused(whoami(jwk), "(jwk header)");
        assertThat(endpoint.hits("/evil/jwks")).isZero();
        assertThat(endpoint.hits("/evil/cert")).isZero();
        assertThat(endpoint.hits("/jwks")).isZero();
    }

    @Test
    void refusesAnIdTokenPresentedAsAnAccessToken() throws Exception {
        assertRefused(whoami(idToken()), "typ) is \"JWT\"; an access token must have typ \"at+jwt\"");
        // even where typ JWT is tolerated, ID-token claims give it away
        start(b -> b.acceptPlainJwtType(true));
        assertRefused(whoami(idToken()), "is an OpenID Connect ID token (it has \"");
        assertThat(whoami(sign(header(key).type(JOSEObjectType.JWT), claims().build(), key)).statusCode()).isEqualTo(200);
    }

    /** An OpenID Connect ID token of the issuer, even with this resource as its audience. */
    private String idToken() throws Exception {
        return sign(header(key).type(JOSEObjectType.JWT), claims().audience(resource).claim("nonce", "n-0S6_WzA2Mj")
                .claim("at_hash", "77QmUPtjPfzWtF2AnpK9RQ").build(), key);
    }

    @Test
    void refusesASenderConstrainedToken() throws Exception {
        assertRefused(whoami(token(claims().claim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")).build())),
                "sender-constrained (cnf)");
    }

    @Test
    void refusesATokenInTheQueryString() throws Exception {
        String token = token(claims().build());
        HttpResponse<String> response = endpoint.call("tools/call", "whoami", "Bearer " + token, "?access_token=" + token);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(challenge(response)).startsWith("Bearer error=\"invalid_request\"");
        assertThat(errorMessage(response)).contains("only in the Authorization header, never in the query string");
        HttpResponse<String> only = endpoint.call("tools/call", "whoami", null, "?access_token=" + token);
        assertThat(only.statusCode()).isEqualTo(401);
        assertThat(errorMessage(only)).contains("never in the query string");
    }

    @Test
    void aQueryThatDoesNotDecodeIsRefusedNamingThePairNotFailed() throws Exception {
        String token = token(claims().build());
        // called directly: java.net.URI cannot carry "%zz", and a malformed pair could hide an access_token
        AuthenticationException e = org.assertj.core.api.Assertions.catchThrowableOfType(AuthenticationException.class,
                () -> endpoint.oauth.authenticate(inbound("Bearer " + token, "x=1&%zz=2")));
        assertThat(e.forbidden()).isFalse();
        assertThat(e.getMessage()).isEqualTo("the query is not URL-encoded correctly near \"%zz=2\"");
        assertThat(e.challenge()).startsWith("Bearer error=\"invalid_request\"");
        HttpResponse<String> encodedName = endpoint.call("tools/call", "whoami", "Bearer " + token, "?access%5Ftoken=" + token);
        assertThat(errorMessage(encodedName)).contains("never in the query string");
        assertThat(endpoint.oauth.authenticate(inbound("Bearer " + token, "x=%2F&y")).subject()).isEqualTo("alice");
    }

    private static Authenticator.Inbound inbound(String authorization, String query) {
        return new Authenticator.Inbound() {
            @Override
            public String header(String name) {
                return name.equalsIgnoreCase("Authorization") ? authorization : null;
            }

            @Override
            public String remoteAddress() {
                return "127.0.0.1";
            }

            @Override
            public String query() {
                return query;
            }
        };
    }

    @Test
    void refusesOtherSchemes() throws Exception {
        HttpResponse<String> response = endpoint.call("tools/call", "whoami", "Basic YWxpY2U6c2VjcmV0");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(errorMessage(response)).contains("uses the Basic scheme; this endpoint accepts Bearer tokens only");
    }

    @Test
    void missingScopesGet403NamingAllOfThem() throws Exception {
        HttpResponse<String> response = whoamiAs("refund", claims().claim("scope", "mcp").build());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(errorCode(response)).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(errorMessage(response)).isEqualTo("Insufficient scope: tools/call of tool \"refund\" needs scopes"
                + " mcp payments:refund payments:write; the token lacks payments:refund payments:write");
        assertThat(challenge(response)).startsWith("Bearer error=\"insufficient_scope\", error_description=\"Insufficient scope:")
                .endsWith("resource_metadata=\"" + endpoint.oauth.metadataUrl() + "\", scope=\"mcp payments:refund payments:write\"");
        assertThat(whoamiAs("refund", claims().claim("scope", "mcp payments:refund payments:write").build()).statusCode())
                .isEqualTo(200);
    }

    private HttpResponse<String> whoamiAs(String tool, JWTClaimsSet claims) throws Exception {
        return endpoint.call("tools/call", tool, "Bearer " + token(claims));
    }

    @Test
    void theInterceptorEnforcesScopesWhereTheMethodHeaderIsAbsent() throws Exception {
        // the session era has no Mcp-Method header: the authenticator lets the token in, the interceptor refuses the tool
        String token = token(claims().claim("scope", "mcp").build());
        try (McpClient client = McpClient.builder(endpoint.http.endpoint()).bearerToken(token)
                .era(dev.switchboard.client.Era.LEGACY).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.callTool("refund", JsonObject.EMPTY))
                    .hasMessageContaining("Insufficient scope: tools/call of tool \"refund\"")
                    .hasMessageContaining("the token lacks payments:refund payments:write");
            assertThat(((TextContent) client.callTool("whoami", JsonObject.EMPTY).content().getFirst()).text()).contains("alice");
        }
    }

    @Test
    void servesTheMetadataAtBothWellKnownLocations() throws Exception {
        URI base = endpoint.http.endpoint();
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            HttpResponse<String> response = endpoint.get(base.resolve(path));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonObject doc = (JsonObject) Wire.parse(response.body());
            assertThat(doc.getString("resource")).isEqualTo(base.toString());
            assertThat(doc.get("authorization_servers")).hasToString("[\"" + issuer + "\"]");
            assertThat(doc.get("scopes_supported")).hasToString("[\"mcp\",\"payments:refund\",\"payments:write\"]");
            assertThat(doc.get("bearer_methods_supported")).hasToString("[\"header\"]");
            assertThat(doc.getString("resource_name")).isEqualTo("Test resource");
        }
    }
}
