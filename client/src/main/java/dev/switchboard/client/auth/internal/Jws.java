package dev.switchboard.client.auth.internal;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/** Compact JWS signing with the JDK (ES256/384/512 in the JOSE R||S form, RS256/384/512, PS256). */
public final class Jws {
    private Jws() {
    }

    /**
     * Signs {@code claims} with {@code key}.
     *
     * @param alg    the JOSE algorithm, e.g. {@code ES256}
     * @param header extra header members ({@code alg} is set here)
     * @throws IllegalArgumentException for an algorithm this class does not know or a key that does not fit it
     */
    public static String sign(String alg, PrivateKey key, JsonObject header, JsonObject claims) {
        String h = b64(Wire.write(header.with("alg", dev.switchboard.protocol.json.Json.of(alg))));
        String c = b64(Wire.write(claims));
        String input = h + "." + c;
        try {
            Signature s = Signature.getInstance(jdkName(alg));
            if (alg.startsWith("PS")) {
                int bits = Integer.parseInt(alg.substring(2));
                s.setParameter(new java.security.spec.PSSParameterSpec("SHA-" + bits, "MGF1",
                        new java.security.spec.MGF1ParameterSpec("SHA-" + bits), bits / 8, 1));
            }
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with " + alg + ": " + e.getMessage(), e);
        }
    }

    private static String jdkName(String alg) {
        return switch (alg) {
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            case "ES512" -> "SHA512withECDSAinP1363Format";
            case "RS256" -> "SHA256withRSA";
            case "RS384" -> "SHA384withRSA";
            case "RS512" -> "SHA512withRSA";
            case "PS256", "PS384", "PS512" -> "RSASSA-PSS";
            default -> throw new IllegalArgumentException("unsupported JWS algorithm " + alg);
        };
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
