package dev.switchboard.client.auth;

import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Grants without a user: client credentials (secret, private_key_jwt) and the JWT bearer grant. */
class MachineGrantsTest {
    private OAuthFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new OAuthFixture();
        f.challengeScope = "mcp:basic";
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private void listWith(OAuthAuthorizer.Builder oauth) {
        try (OAuthAuthorizer a = oauth.build(); McpClient c = McpClient.builder(f.mcp()).era(Era.MODERN).authorizer(a).build()) {
            assertThat(c.listAllTools()).hasSize(1);
        }
    }

    @Test
    void clientCredentialsWithASecretUseBasicAuthentication() {
        listWith(OAuthAuthorizer.clientCredentials(new RegisteredClient(null, "svc", "s3cret", "client_secret_basic")));
        assertThat(f.authorizations).isEmpty();
        assertThat(f.registrations).isEmpty();
        assertThat(f.tokenForms.getFirst()).containsEntry("grant_type", "client_credentials")
                .containsEntry("scope", "mcp:basic").containsEntry("resource", f.mcp().toString())
                .doesNotContainKey("client_secret");
        assertThat(f.tokenAuthorizations.getFirst()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void privateKeyJwtSignsAnEs256AssertionForTheIssuer() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        listWith(OAuthAuthorizer.clientCredentials(new RegisteredClient(null, "svc", null, "private_key_jwt"))
                .privateKeyJwt(keys.getPrivate(), "ES256"));
        Map<String, String> form = f.tokenForms.getFirst();
        assertThat(form).containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        String[] jws = form.get("client_assertion").split("\\.");
        JsonObject header = (JsonObject) Wire.parse(Base64.getUrlDecoder().decode(jws[0]));
        JsonObject claims = (JsonObject) Wire.parse(Base64.getUrlDecoder().decode(jws[1]));
        assertThat(header.getString("alg")).isEqualTo("ES256");
        assertThat(claims.getString("iss")).isEqualTo("svc");
        assertThat(claims.getString("sub")).isEqualTo("svc");
        assertThat(claims.getString("aud")).isEqualTo(f.issuer(""));
        assertThat(claims.has("exp") && claims.has("iat") && claims.has("jti")).isTrue();
        Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
        verify.initVerify(keys.getPublic());
        verify.update((jws[0] + "." + jws[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verify.verify(Base64.getUrlDecoder().decode(jws[2]))).isTrue();
    }

    @Test
    void theJwtBearerGrantSendsTheAssertionForThisServerAndResource() {
        String[] asked = new String[2];
        listWith(OAuthAuthorizer.jwtBearer((issuer, resource) -> {
            asked[0] = issuer;
            asked[1] = resource;
            return "workload.jwt.here";
        }));
        assertThat(asked).containsExactly(f.issuer(""), f.mcp().toString());
        assertThat(f.tokenForms.getFirst()).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .containsEntry("assertion", "workload.jwt.here").doesNotContainKey("client_id");
    }
}
