package dev.switchboard.client.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;

/** Compact JWS signing with Nimbus JOSE (ES256/384/512, RS256/384/512, PS256/384/512). */
public final class Jws {
    private Jws() {
    }

    /**
     * Signs {@code claims} with {@code key}.
     *
     * @param alg    the JOSE algorithm, e.g. {@code ES256}
     * @param header extra header members ({@code alg} is set here)
     * @throws IllegalArgumentException for an algorithm Nimbus cannot sign with this key
     */
    public static String sign(String alg, PrivateKey key, JsonObject header, JsonObject claims) {
        try {
            JWSHeader h = JWSHeader.parse(JSONObjectUtils.parse(Wire.toText(header.with("alg", Json.of(alg)))));
            JWSObject jws = new JWSObject(h, new Payload(Wire.toText(claims)));
            JWSSigner signer = key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
            if (!signer.supportedJWSAlgorithms().contains(h.getAlgorithm())) {
                throw new IllegalArgumentException("cannot sign with " + alg + " using a " + key.getAlgorithm() + " key");
            }
            jws.sign(signer);
            return jws.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("cannot sign with " + alg + ": " + e.getMessage(), e);
        }
    }
}
