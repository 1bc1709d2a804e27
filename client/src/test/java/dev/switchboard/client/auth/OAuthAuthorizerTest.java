package dev.switchboard.client.auth;

import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.UnauthorizedException;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OAuth flow end to end against {@link OAuthFixture}: discovery, validation, registration, grants, step-up. */
class OAuthAuthorizerTest {
    private OAuthFixture f;
    private OAuthFixture.Headless browser;

    @BeforeEach
    void start() throws Exception {
        f = new OAuthFixture();
        browser = new OAuthFixture.Headless();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private McpClient client(OAuthAuthorizer.Builder oauth) {
        return McpClient.builder(f.mcp()).era(Era.MODERN).authorizer(oauth.build()).build();
    }

    private OAuthAuthorizer.Builder oauth() {
        return OAuthAuthorizer.builder(browser);
    }

    @Test
    void authorizesOnTheFirst401AndKeepsTheToken() {
        try (McpClient c = client(oauth())) {
            assertThat(c.listAllTools()).hasSize(1);
            c.callTool("t", JsonObject.EMPTY);
        }
        assertThat(f.paths("AS")).containsExactly("GET /.well-known/oauth-authorization-server", "POST /register",
                "GET /authorize", "POST /token");
        assertThat(f.paths("RS")).containsExactly("POST /mcp", "GET /.well-known/oauth-protected-resource/mcp",
                "POST /mcp", "POST /mcp");
        JsonObject reg = f.registrations.getFirst();
        assertThat(reg.getString("application_type")).isEqualTo("native");
        assertThat(reg.getString("token_endpoint_auth_method")).isEqualTo("none");
        assertThat(reg.get("grant_types").toString()).contains("refresh_token");
        Map<String, String> authz = f.authorizations.getFirst();
        assertThat(authz).containsEntry("resource", f.mcp().toString()).containsEntry("code_challenge_method", "S256")
                .doesNotContainKey("scope");
        assertThat(f.tokenForms.getFirst()).containsEntry("grant_type", "authorization_code")
                .containsEntry("resource", f.mcp().toString()).containsKey("code_verifier")
                .containsEntry("client_id", authz.get("client_id"));
    }

    @Test
    void withoutAChallengeUrlTriesThePathInsertedThenTheRootMetadataAndEchoesTheResourceVerbatim() {
        f.challengeNamesMetadata = false;
        f.prmPath = "/.well-known/oauth-protected-resource";
        f.prmResource = f.rsOrigin(); // no trailing slash: must come back exactly so
        try (McpClient c = client(oauth())) {
            c.listAllTools();
        }
        assertThat(f.paths("RS")).startsWith("POST /mcp", "GET /.well-known/oauth-protected-resource/mcp",
                "GET /.well-known/oauth-protected-resource");
        assertThat(f.authorizations.getFirst()).containsEntry("resource", f.rsOrigin());
        assertThat(f.tokenForms.getFirst()).containsEntry("resource", f.rsOrigin());
    }

    @Test
    void findsOpenIdMetadataOfAnIssuerWithAPathWithoutTryingTheRoot() {
        f.prmIssuerPath = "/tenant1";
        f.rfc8414 = false;
        try (McpClient c = client(oauth())) {
            c.listAllTools();
        }
        assertThat(f.paths("AS")).startsWith("GET /.well-known/oauth-authorization-server/tenant1",
                "GET /.well-known/openid-configuration/tenant1", "GET /tenant1/.well-known/openid-configuration",
                "POST /tenant1/register");
        assertThat(f.paths("AS")).doesNotContain("GET /.well-known/oauth-authorization-server");
    }

    @Test
    void refusesMetadataForAnotherResourceBeforeAskingTheAuthorizationServer() {
        f.prmResource = "https://evil.example.com/mcp";
        try (McpClient c = client(oauth())) {
            assertThatThrownBy(c::listAllTools).isInstanceOf(AuthorizationException.class)
                    .hasMessageContaining("evil.example.com");
        }
        assertThat(f.paths("AS")).isEmpty();
    }

    @Test
    void refusesAuthorizationServerMetadataNamingAnotherIssuer() {
        f.metadataIssuerOverride = "https://attacker.example.com";
        try (McpClient c = client(oauth())) {
            assertThatThrownBy(c::listAllTools).isInstanceOf(AuthorizationException.class)
                    .hasMessageContaining("attacker.example.com");
        }
        assertThat(f.paths("AS")).containsExactly("GET /.well-known/oauth-authorization-server");
    }

    @Test
    void prefersTheChallengeScopeThenTheResourceScopesAndAddsOfflineAccessOnlyWhenListed() {
        f.challengeScope = "mcp:basic";
        f.prmScopes = List.of("mcp:profile");
        try (McpClient c = client(oauth())) {
            c.listAllTools();
        }
        assertThat(f.authorizations.getLast()).containsEntry("scope", "mcp:basic");

        f.challengeScope = null;
        f.prmScopes = List.of("mcp:basic", "mcp:read");
        f.asScopes = List.of("mcp:basic", "offline_access");
        try (McpClient c = client(oauth())) {
            c.listAllTools();
        }
        assertThat(f.authorizations.getLast()).containsEntry("scope", "mcp:basic mcp:read offline_access");

        try (McpClient c = client(oauth().offlineAccess(false))) {
            c.listAllTools();
        }
        assertThat(f.authorizations.getLast()).containsEntry("scope", "mcp:basic mcp:read");
    }

    @Test
    void stepsUpWithTheUnionOfScopesOnInsufficientScope() {
        f.challengeScope = "mcp:basic";
        f.callScope = "mcp:write";
        try (McpClient c = client(oauth())) {
            c.listAllTools();
            c.callTool("t", JsonObject.EMPTY);
        }
        assertThat(f.authorizations).extracting(a -> a.get("scope")).containsExactly("mcp:basic", "mcp:basic mcp:write");
        assertThat(f.registrations).hasSize(1); // the registration is reused
    }

    @Test
    void boundsTheStepUpsOfOneRequest() {
        f.challengeScope = "mcp:basic";
        f.callScope = "mcp:write";
        f.grantOnly = "mcp:basic"; // the authorization server never grants mcp:write, and says so
        try (McpClient c = client(oauth())) {
            c.listAllTools();
            assertThatThrownBy(() -> c.callTool("t", JsonObject.EMPTY)).isInstanceOf(McpClientException.class)
                    .hasMessageContaining("403");
        }
        assertThat(f.authorizations).hasSize(3); // the first, and two step-ups for the one call
    }

    @Test
    void doesNotAuthorizeAgainForScopesTheTokenAlreadyHas() {
        f.challengeScope = "mcp:admin";
        f.callScope = "mcp:admin";
        f.alwaysForbid = true; // "scope upgrade will never succeed"
        try (McpClient c = client(oauth())) {
            c.listAllTools();
            assertThatThrownBy(() -> c.callTool("t", JsonObject.EMPTY)).isInstanceOf(McpClientException.class)
                    .hasMessageContaining("403");
        }
        assertThat(f.authorizations).hasSize(1);
    }

    @Test
    void registersAgainWhenTheResourceMovesToAnotherAuthorizationServer() {
        f.prmIssuerPath = "/as1";
        try (McpClient c = client(oauth())) {
            c.listAllTools();
            String as1Client = f.authorizations.getFirst().get("client_id");
            f.prmIssuerPath = "/as2";
            f.revoked.add("tok-3"); // the token AS1 issued (counter: client 1, code 2, token 3)
            c.callTool("t", JsonObject.EMPTY);
            assertThat(f.registrations).hasSize(2);
            assertThat(f.paths("AS")).contains("POST /as2/register", "GET /as2/authorize");
            assertThat(f.authorizations.getLast().get("client_id")).isNotEqualTo(as1Client).contains("as2");
            assertThat(f.tokenForms.getLast().get("client_id")).isNotEqualTo(as1Client);
        }
    }

    @Test
    void refreshesInsteadOfAuthorizingAgainWhenTheSameServerRejectsTheToken() {
        f.refreshTokens = true;
        try (McpClient c = client(oauth())) {
            c.listAllTools();
            f.revoked.add("tok-3");
            c.callTool("t", JsonObject.EMPTY);
        }
        assertThat(f.authorizations).hasSize(1);
        assertThat(f.tokenForms).extracting(t -> t.get("grant_type")).containsExactly("authorization_code", "refresh_token");
        assertThat(f.tokenForms.getLast()).containsEntry("resource", f.mcp().toString());
    }

    @Test
    void usesAPreRegisteredClientForItsIssuerAndAMetadataDocumentWhereSupported() {
        try (McpClient c = client(oauth().client(new RegisteredClient(f.issuer(""), "pre", "secret", null)))) {
            c.listAllTools();
        }
        assertThat(f.registrations).isEmpty();
        assertThat(f.authorizations.getLast()).containsEntry("client_id", "pre");

        f.cimd = true;
        java.net.URI doc = java.net.URI.create("https://client.example/metadata.json");
        try (McpClient c = client(oauth().client(new RegisteredClient("https://other.example", "x", null, null))
                .clientMetadataUrl(doc))) {
            c.listAllTools();
        }
        assertThat(f.registrations).isEmpty();
        assertThat(f.authorizations.getLast()).containsEntry("client_id", doc.toString());
        assertThat(f.tokenForms.getLast()).containsEntry("client_id", doc.toString()).doesNotContainKey("client_secret");
    }

    @Test
    void aFixedBearerTokenIsSentAndARefusalFailsTheCall() {
        try (McpClient c = McpClient.builder(f.mcp()).era(Era.MODERN).bearerToken("nope").build()) {
            assertThatThrownBy(c::listAllTools).isInstanceOf(UnauthorizedException.class);
        }
        assertThat(f.paths("AS")).isEmpty();
        assertThatThrownBy(() -> Authorizer.bearer("two words")).isInstanceOf(IllegalArgumentException.class);
    }
}
