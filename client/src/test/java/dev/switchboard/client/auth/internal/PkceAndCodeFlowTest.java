package dev.switchboard.client.auth.internal;

import dev.switchboard.client.auth.AuthorizationException;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PkceAndCodeFlowTest {
    private static final String ISSUER = "http://localhost:4000";

    @Test
    void pkceUsesS256OverTheVerifier() {
        // computed independently: base64url(sha256(ascii(verifier))) without padding
        assertThat(Pkce.challengeOf("dBjftJeZ4CVP-mJ92K9CLOwFlJ7HrDNI2JrQmZyVqk0"))
                .isEqualTo("uvca3gqlQIdGLUHS1lwFp1ckFa0iOwb1birIJRTT1g4");
        Pkce p = Pkce.create();
        assertThat(p.verifier()).hasSizeBetween(43, 128).matches("[A-Za-z0-9._~-]+");
        assertThat(p.challenge()).isEqualTo(Pkce.challengeOf(p.verifier()));
        assertThat(Pkce.create().verifier()).isNotEqualTo(p.verifier());
    }

    @Test
    void theRequestCarriesPkceResourceVerbatimAndNoEmptyScope() {
        CodeFlow flow = CodeFlow.start(server(true), "client 1", URI.create("http://127.0.0.1:9/cb"), Set.of(),
                "http://localhost:3000");
        Map<String, String> q = Forms.decode(flow.url().getRawQuery());
        assertThat(flow.url().toString()).startsWith(ISSUER + "/authorize?existing=1&");
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", "client 1")
                .containsEntry("code_challenge_method", "S256").containsEntry("code_challenge", flow.pkce().challenge())
                .containsEntry("resource", "http://localhost:3000").containsEntry("state", flow.state())
                .doesNotContainKey("scope");
        CodeFlow scoped = CodeFlow.start(server(true), "c", URI.create("http://127.0.0.1:9/cb"),
                new java.util.LinkedHashSet<>(List.of("a", "b")), "r:x");
        assertThat(Forms.decode(scoped.url().getRawQuery())).containsEntry("scope", "a b");
    }

    @Test
    void aMalformedEscapeInAQueryIsAnErrorNamingThePair() {
        assertThat(Forms.decode("&a=1&a=2&b&c=x+y%2B")).containsExactly(Map.entry("a", "1"), Map.entry("b", ""),
                Map.entry("c", "x y+"));
        assertThatThrownBy(() -> Forms.decode("code=abc&state=%zz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the query is not URL-encoded correctly near \"state=%zz\"");
    }

    @Test
    void refusesServersWithoutS256() {
        ServerMetadata plain = ServerMetadata.of(URI.create(ISSUER), metadata(true).with("code_challenge_methods_supported",
                dev.switchboard.protocol.json.JsonArray.ofStrings(List.of("plain"))));
        assertThatThrownBy(() -> CodeFlow.start(plain, "c", URI.create("http://127.0.0.1:9/cb"), Set.of(), "r"))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("S256");
    }

    @ParameterizedTest(name = "advertised={0} iss={1} -> {2}")
    @CsvSource(nullValues = "none", value = {
            "true,  http://localhost:4000,  accept",
            "false, none,                   accept",
            "false, http://localhost:4000,  accept",
            "true,  none,                   reject",
            "true,  https://evil.example,   reject",
            "false, https://evil.example,   reject",
            "true,  http://localhost:4000/, reject",
            "true,  HTTP://LOCALHOST:4000,  reject"})
    void appliesRfc9207ToTheIssParameter(boolean advertised, String iss, String outcome) {
        CodeFlow flow = CodeFlow.start(server(advertised), "c", URI.create("http://127.0.0.1:9/cb"), Set.of(), "r");
        URI callback = URI.create("http://127.0.0.1:9/cb?code=abc&state=" + flow.state()
                + (iss == null ? "" : "&iss=" + Forms.component(iss)));
        if (outcome.equals("accept")) {
            assertThat(flow.code(server(advertised), callback)).isEqualTo("abc");
        } else {
            assertThatThrownBy(() -> flow.code(server(advertised), callback)).isInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void refusesAWrongStateAndReportsErrors() {
        CodeFlow flow = CodeFlow.start(server(false), "c", URI.create("http://127.0.0.1:9/cb"), Set.of(), "r");
        assertThatThrownBy(() -> flow.code(server(false), URI.create("http://127.0.0.1:9/cb?code=abc&state=other")))
                .hasMessageContaining("state");
        assertThatThrownBy(() -> flow.code(server(false), URI.create("http://127.0.0.1:9/cb?error=access_denied"
                + "&error_description=no+thanks&state=" + flow.state()))).hasMessageContaining("access_denied (no thanks)");
    }

    @Test
    void clientAuthenticationFollowsTheRegistrationThenTheMetadata() {
        ServerMetadata onlyNone = server(true);
        ServerMetadata basicAndPost = ServerMetadata.of(URI.create(ISSUER), metadata(true).with(
                "token_endpoint_auth_methods_supported", dev.switchboard.protocol.json.JsonArray.ofStrings(
                        List.of("client_secret_post", "client_secret_basic"))));
        ServerMetadata unspecified = ServerMetadata.of(URI.create(ISSUER), metadata(true).without(
                "token_endpoint_auth_methods_supported"));
        Registration named = new Registration(ISSUER, "id", "s", "client_secret_post", Registration.How.DYNAMIC);
        Registration secret = new Registration(ISSUER, "id", "s", null, Registration.How.DYNAMIC);
        Registration pub = new Registration(ISSUER, "id", null, null, Registration.How.DYNAMIC);
        assertThat(named.authMethodFor(onlyNone)).isEqualTo("client_secret_post");
        assertThat(secret.authMethodFor(onlyNone)).isEqualTo("none");
        assertThat(secret.authMethodFor(basicAndPost)).isEqualTo("client_secret_basic");
        assertThat(secret.authMethodFor(unspecified)).isEqualTo("client_secret_basic"); // RFC 8414 default
        assertThat(pub.authMethodFor(basicAndPost)).isEqualTo("none");
        assertThat(TokenEndpoint.basic("a b", "p:w")).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("a+b:p%3Aw".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static ServerMetadata server(boolean issAdvertised) {
        return ServerMetadata.of(URI.create(ISSUER + "/.well-known/oauth-authorization-server"), metadata(issAdvertised));
    }

    private static JsonObject metadata(boolean issAdvertised) {
        return (JsonObject) dev.switchboard.protocol.codec.Wire.parse("""
                {"issuer":"%s","authorization_endpoint":"%s/authorize?existing=1","token_endpoint":"%s/token",
                 "code_challenge_methods_supported":["S256"],"token_endpoint_auth_methods_supported":["none"],
                 "authorization_response_iss_parameter_supported":%s}""".formatted(ISSUER, ISSUER, ISSUER, issAdvertised));
    }
}
