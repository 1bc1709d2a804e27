package dev.switchboard.client.auth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service-side grants' requests, against the scripted authorization server (the gateway's
 * tests run them against a real one, oidc-provider).
 */
class ServiceTokensTest {
    private OAuthFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new OAuthFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void clientCredentialsDiscoverTheTokenEndpointAndNameTheResource() {
        try (ServiceTokens as = ServiceTokens.builder(RegisteredClient.of("gw", "s3cret")).issuer(f.issuer("")).build()) {
            ServiceTokens.Token t = as.clientCredentials("https://up.example/mcp", null, Set.of("mcp"));
            assertThat(t.value()).startsWith("tok-");
            assertThat(t.toString()).doesNotContain(t.value());
            assertThat(t.expiresAt()).isNotNull();
        }
        assertThat(f.requests).contains("AS GET /.well-known/oauth-authorization-server");
        assertThat(f.tokenForms.getFirst()).containsEntry("grant_type", "client_credentials")
                .containsEntry("resource", "https://up.example/mcp").containsEntry("scope", "mcp").doesNotContainKey("audience");
        assertThat(f.tokenAuthorizations.getFirst()).startsWith("Basic ");
    }

    @Test
    void tokenExchangeSendsTheSubjectAndActorTokensAsAccessTokens() {
        try (ServiceTokens as = ServiceTokens.builder(RegisteredClient.of("gw", "s3cret"))
                .tokenEndpoint(URI.create(f.issuer("/token"))).build()) {
            as.exchange("alice-token", "gw-token", "https://up.example/mcp", "up", Set.of());
        }
        assertThat(f.requests).containsExactly("AS POST /token"); // no discovery with an explicit endpoint
        Map<String, String> form = f.tokenForms.getFirst();
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .containsEntry("subject_token", "alice-token")
                .containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .containsEntry("actor_token", "gw-token")
                .containsEntry("actor_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .containsEntry("requested_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .containsEntry("resource", "https://up.example/mcp").containsEntry("audience", "up")
                .doesNotContainKey("scope");
    }

    @Test
    void anUnreachableServerFailsNamingItAndNoToken() {
        URI down = URI.create("http://127.0.0.1:1/token");
        try (ServiceTokens as = ServiceTokens.builder(RegisteredClient.of("gw", "s3cret")).tokenEndpoint(down).build()) {
            assertThatThrownBy(() -> as.exchange("alice-secret-token", null, "https://up.example/mcp", null, Set.of()))
                    .isInstanceOf(AuthorizationException.class)
                    .hasMessageContaining("POST " + down)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("alice-secret-token"));
        }
    }

    @Test
    void plainHttpToARemoteHostIsRefused() {
        assertThatThrownBy(() -> ServiceTokens.builder(RegisteredClient.of("gw", "s")).tokenEndpoint(URI.create("http://as.example/token")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not https");
    }
}
