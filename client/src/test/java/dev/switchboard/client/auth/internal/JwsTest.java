package dev.switchboard.client.auth.internal;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwsTest {
    private static final JsonObject CLAIMS = JsonObject.of("iss", Json.of("client"), "aud", Json.of("https://as.test/token"));

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "ES384", "ES512"})
    void ecSignaturesVerify(String alg) throws Exception {
        String curve = switch (alg) {
            case "ES256" -> "secp256r1";
            case "ES384" -> "secp384r1";
            default -> "secp521r1";
        };
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        KeyPair kp = g.generateKeyPair();
        JWSObject jws = JWSObject.parse(Jws.sign(alg, kp.getPrivate(), JsonObject.of("typ", Json.of("JWT")), CLAIMS));
        assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo(alg);
        assertThat(jws.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(jws.verify(new ECDSAVerifier((ECPublicKey) kp.getPublic()))).isTrue();
        assertThat(jws.getPayload().toJSONObject()).containsEntry("iss", "client");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS512", "PS256"})
    void rsaSignaturesVerify(String alg) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        JWSObject jws = JWSObject.parse(Jws.sign(alg, kp.getPrivate(), JsonObject.EMPTY, CLAIMS));
        assertThat(jws.verify(new RSASSAVerifier((RSAPublicKey) kp.getPublic()))).isTrue();
    }

    @Test
    void aKeyThatDoesNotFitTheAlgorithmIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        assertThatThrownBy(() -> Jws.sign("RS256", kp.getPrivate(), JsonObject.EMPTY, CLAIMS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RS256");
    }
}
