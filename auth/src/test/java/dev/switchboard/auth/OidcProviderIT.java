package dev.switchboard.auth;

import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.testkit.OidcProvider;
import dev.switchboard.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource server against a real authorization server: {@code oidc-provider} (pinned in
 * {@code src/test/as/package.json}, installed with {@code npm ci} on first use) on 127.0.0.1,
 * issuing client-credentials tokens for our endpoint as resource indicator, JWTs to one client and
 * opaque tokens (introspected) to another. Started once, stopped by its PID.
 */
class OidcProviderIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String UPSTREAM = "https://upstream.example.com/mcp";

    private static OidcProvider as;
    private static String issuer;
    private static ProtectedEndpoint endpoint;

    @BeforeAll
    static void start() throws Exception {
        int port = RedisServer.freePort();
        issuer = "http://127.0.0.1:" + port;
        endpoint = new ProtectedEndpoint((e, b) -> b
                .issuer(TrustedIssuer.jwt(issuer, URI.create(issuer + "/jwks")).withIntrospection(
                        new TrustedIssuer.Introspection(URI.create(issuer + "/token/introspection"), "resource-server", "rs-secret")))
                .scopes(new ScopeRules(Set.of("mcp"), Map.of(), Map.of("refund", Set.of("payments:refund")))));
        as = OidcProvider.start(port, endpoint.oauth.resource().toString(), UPSTREAM);
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (as != null) {
            as.close();
        }
    }

    /** A client-credentials token from the AS. */
    private static String token(String client, String secret, String scope, String resource) throws Exception {
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + "&resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ((JsonObject) Wire.parse(response.body())).getString("access_token");
    }

    private static String whoami(String token) {
        try (McpClient client = McpClient.builder(endpoint.http.endpoint()).bearerToken(token).build()) {
            return ((TextContent) client.callTool("whoami", JsonObject.EMPTY).content().getFirst()).text();
        }
    }

    @Test
    void aJwtAccessTokenFromTheAuthorizationServerWorksEndToEnd() throws Exception {
        String token = token("mcp-client", "mcp-secret", "mcp payments:write", endpoint.oauth.resource().toString());
        assertThat(token.split("\\.")).hasSize(3);
        assertThat(whoami(token)).isEqualTo("mcp-client via " + issuer + " scopes [mcp, payments:write]");
    }

    @Test
    void aTokenForAnotherResourceIsRefused() throws Exception {
        String token = token("mcp-client", "mcp-secret", "mcp", UPSTREAM);
        HttpResponse<String> response = endpoint.call("tools/call", "whoami", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("issued for audience [" + UPSTREAM + "], not for this resource");
    }

    @Test
    void aTokenWithoutTheToolsScopeGets403() throws Exception {
        String token = token("mcp-client", "mcp-secret", "mcp payments:write", endpoint.oauth.resource().toString());
        HttpResponse<String> response = endpoint.call("tools/call", "refund", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"insufficient_scope\"").endsWith("scope=\"mcp payments:refund\"");
    }

    @Test
    void anOpaqueTokenIsIntrospected() throws Exception {
        String token = token("opaque-client", "opaque-secret", "mcp", endpoint.oauth.resource().toString());
        assertThat(token).doesNotContain(".");
        assertThat(whoami(token)).isEqualTo("opaque-client via " + issuer + " scopes [mcp]");
        HttpResponse<String> forged = endpoint.call("tools/call", "whoami", "Bearer " + token + "x");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("is not active");
    }

    @Test
    void discoversTheIssuersKeysFromItsMetadata() throws Exception {
        TrustedIssuer discovered = TrustedIssuer.discover(issuer, endpoint.outbound);
        assertThat(discovered.jwksUri()).isEqualTo(URI.create(issuer + "/jwks"));
    }
}
