package dev.switchboard.gateway;

import dev.switchboard.client.Era;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link UpstreamAuth} and {@link UpstreamConfig} accept (the flows themselves: {@code UpstreamAuthIT}). */
class UpstreamAuthTest {
    private static final URI URL = URI.create("https://billing.example.com/mcp");
    private static final UpstreamAuth.OAuthClient CLIENT =
            UpstreamAuth.OAuthClient.withSecret("https://login.example.com", null, "gw", "s3cret");

    @Test
    void aClientNeedsAServerAnIdAndExactlyOneCredential() throws Exception {
        assertThatThrownBy(() -> UpstreamAuth.OAuthClient.withSecret(null, null, "gw", "s"))
                .hasMessage("auth needs the authorization server's issuer or tokenEndpoint");
        assertThatThrownBy(() -> UpstreamAuth.OAuthClient.withSecret("https://as", null, " ", "s")).hasMessage("auth needs a clientId");
        assertThatThrownBy(() -> UpstreamAuth.OAuthClient.withSecret("https://as", null, "gw", null))
                .hasMessageContaining("exactly one of a client secret and a private key");
        PrivateKey ec = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate();
        assertThatThrownBy(() -> new UpstreamAuth.OAuthClient("https://as", null, "gw", "s", ec, null))
                .hasMessageContaining("exactly one of");
        assertThat(new UpstreamAuth.OAuthClient("https://as", null, "gw", null, ec, null).keyAlgorithm()).isEqualTo("ES256");
        PrivateKey rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        assertThat(new UpstreamAuth.OAuthClient("https://as", null, "gw", null, rsa, null).keyAlgorithm()).isEqualTo("RS256");
    }

    @Test
    void secretsNeverShowInDescriptions() {
        UpstreamConfig c = UpstreamConfig.http("billing", URL)
                .withAuth(new UpstreamAuth.TokenExchange(CLIENT, Set.of("mcp"), null, null, true));
        assertThat(c.toString()).contains("gw").contains("secret ***").doesNotContain("s3cret");
    }

    @Test
    void authIsForHttpUpstreamsWithoutAStaticToken() {
        UpstreamAuth cc = new UpstreamAuth.ClientCredentials(CLIENT, Set.of(), null, null);
        assertThatThrownBy(() -> UpstreamConfig.stdio("files", List.of("node")).withAuth(cc))
                .hasMessageContaining("upstream files: auth is for HTTP upstreams");
        UpstreamConfig withToken = UpstreamConfig.withDefaults("billing", new UpstreamConfig.Http(URL, Map.of(), "t"));
        assertThatThrownBy(() -> withToken.withAuth(cc)).hasMessageContaining("either a static bearer token or auth");
        assertThat(UpstreamConfig.withDefaults("billing", new UpstreamConfig.Http(URL, Map.of("X-Key", "k"), null))
                .withAuth(cc).auth()).isEqualTo(cc);
    }

    @Test
    void tokenExchangeRefusesTheSessionEra() {
        UpstreamConfig tx = UpstreamConfig.http("billing", URL)
                .withAuth(new UpstreamAuth.TokenExchange(CLIENT, Set.of(), null, null, false));
        assertThatThrownBy(() -> tx.withEra(Era.LEGACY)).hasMessageContaining("token exchange needs a 2026-07-28 upstream");
        assertThat(tx.withEra(Era.MODERN).era()).isEqualTo(Era.MODERN);
        assertThat(UpstreamConfig.http("billing", URL).withEra(Era.LEGACY)
                .withAuth(new UpstreamAuth.ClientCredentials(CLIENT, Set.of(), null, null)).era()).isEqualTo(Era.LEGACY);
    }
}
