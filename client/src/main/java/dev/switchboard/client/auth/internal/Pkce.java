package dev.switchboard.client.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * PKCE (RFC 7636) with {@code S256}: a verifier of 64 characters from the unreserved set (48
 * random bytes, base64url) and its challenge {@code BASE64URL(SHA-256(verifier))}.
 *
 * @param verifier  the code verifier, sent to the token endpoint
 * @param challenge the code challenge, sent to the authorization endpoint
 */
public record Pkce(String verifier, String challenge) {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The only method used. */
    public static final String METHOD = "S256";

    /** A fresh pair. */
    public static Pkce create() {
        String verifier = random(48);
        return new Pkce(verifier, challengeOf(verifier));
    }

    /** The S256 challenge of {@code verifier}. */
    public static String challengeOf(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /** {@code bytes} random bytes, base64url without padding ({@code state}, verifiers, {@code jti}). */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
