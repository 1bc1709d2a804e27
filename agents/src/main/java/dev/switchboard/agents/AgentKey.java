package dev.switchboard.agents;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.text.ParseException;
import java.util.Objects;

/**
 * An agent's identity: its id and an EC P-256 key pair. The private half signs the delegation
 * tokens the agent mints; other agents trust the public half ({@link #publicJwk()}). There is no
 * shared secret, so an agent that is compromised cannot mint tokens in another agent's name.
 *
 * @param id  the agent's id, used as token issuer, audience and actor
 * @param jwk the key pair (or only its public half, for a trusted peer)
 */
public record AgentKey(String id, ECKey jwk) {

    public AgentKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jwk, "jwk");
        if (id.isBlank() || id.chars().anyMatch(c -> c <= 0x20 || c == '|' || c == '>' || c == '/')) {
            throw new IllegalArgumentException("an agent id is non-blank, without spaces, '|', '>' or '/': " + id);
        }
        if (!Curve.P_256.equals(jwk.getCurve())) {
            throw new IllegalArgumentException("agent keys are EC P-256, got " + jwk.getCurve());
        }
    }

    /** A fresh key pair for {@code id}. */
    public static AgentKey generate(String id) {
        try {
            return new AgentKey(id, new ECKeyGenerator(Curve.P_256).keyID(id).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("EC P-256 key generation is not available", e);
        }
    }

    /** A key read from its JWK JSON (public, or private to sign). */
    public static AgentKey parse(String id, String jwkJson) throws ParseException {
        return new AgentKey(id, ECKey.parse(jwkJson));
    }

    /** True when this key can sign (it holds the private half). */
    public boolean canSign() {
        return jwk.isPrivate();
    }

    /** The public half, safe to hand to the agents that should trust this one. */
    public AgentKey publicKey() {
        return new AgentKey(id, jwk.toPublicJWK());
    }

    /** The public JWK as JSON. */
    public String publicJwk() {
        return jwk.toPublicJWK().toJSONString();
    }

    @Override
    public String toString() {
        return "AgentKey[" + id + (canSign() ? ", private" : ", public") + "]"; // never print the private key
    }
}
