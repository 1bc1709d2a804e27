package dev.switchboard.state.seal;

import dev.switchboard.protocol.codec.Fields;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * Seals small JSON payloads into opaque, URL-safe tokens with AES-256-GCM under a {@link KeyRing}.
 *
 * <p>Every token carries a purpose (bound as associated data, so a cursor cannot be replayed as
 * {@code requestState}), the principal it belongs to, and an expiry. {@link #open} checks all
 * three and the authentication tag; any failure is a {@link SealException}. Any instance holding
 * the same key ring can open a token sealed by another. Thread-safe.
 *
 * <p>Layout (before base64url): {@code 0x01 ‖ len(keyId) ‖ keyId ‖ nonce(12) ‖ ciphertext ‖ tag(16)};
 * the plaintext is {@code {"p":principal,"e":expiryMillis,"d":payload}}.
 */
public final class Sealer {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final KeyRing ring;
    private final Clock clock;

    /** A sealer over {@code ring} using the system clock. */
    public Sealer(KeyRing ring) {
        this(ring, Clock.systemUTC());
    }

    /** A sealer over {@code ring} with an explicit clock (tests). */
    public Sealer(KeyRing ring, Clock clock) {
        this.ring = Objects.requireNonNull(ring, "ring");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The key ring. */
    public KeyRing keyRing() {
        return ring;
    }

    /**
     * Seals {@code payload} for {@code purpose}, bound to {@code principal}, valid for {@code ttl}.
     *
     * @return a token of visible ASCII characters (base64url), safe in headers and JSON
     */
    public String seal(String purpose, String principal, Duration ttl, JsonObject payload) {
        long expiry = clock.millis() + ttl.toMillis();
        JsonObject plain = JsonObject.builder()
                .put("p", principal)
                .put("e", expiry)
                .put("d", payload)
                .build();
        byte[] keyId = ring.activeId().getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, ring.activeKey(), nonce, aad(purpose, keyId), Wire.write(plain));
        ByteBuffer out = ByteBuffer.allocate(2 + keyId.length + NONCE_BYTES + ciphertext.length);
        out.put(VERSION).put((byte) keyId.length).put(keyId).put(nonce).put(ciphertext);
        return B64.encodeToString(out.array());
    }

    /**
     * Opens a token sealed for {@code purpose}, checking it belongs to {@code principal} and has
     * not expired.
     *
     * @throws SealException when the token is malformed, tampered, foreign, expired or sealed
     *                       under a key no longer on the ring
     */
    public JsonObject open(String purpose, String principal, String token) {
        byte[] raw;
        try {
            raw = B64D.decode(token);
        } catch (IllegalArgumentException e) {
            throw new SealException(SealException.Reason.MALFORMED, "not a sealed token (bad encoding)");
        }
        if (!B64.encodeToString(raw).equals(token)) {
            // padding or stray low bits decode to the same bytes: a token is accepted only as it was issued
            throw new SealException(SealException.Reason.MALFORMED, "not a sealed token (not as issued)");
        }
        if (raw.length < 2 + 1 + NONCE_BYTES + TAG_BITS / 8 || raw[0] != VERSION) {
            throw new SealException(SealException.Reason.MALFORMED, "not a sealed token (bad layout)");
        }
        int keyIdLength = raw[1] & 0xff;
        if (raw.length < 2 + keyIdLength + NONCE_BYTES + TAG_BITS / 8) {
            throw new SealException(SealException.Reason.MALFORMED, "not a sealed token (truncated)");
        }
        byte[] keyId = new byte[keyIdLength];
        System.arraycopy(raw, 2, keyId, 0, keyIdLength);
        byte[] key = ring.key(new String(keyId, StandardCharsets.US_ASCII));
        if (key == null) {
            throw new SealException(SealException.Reason.UNKNOWN_KEY, "sealed with a key that is not on this key ring");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        System.arraycopy(raw, 2 + keyIdLength, nonce, 0, NONCE_BYTES);
        int offset = 2 + keyIdLength + NONCE_BYTES;
        byte[] plain;
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, nonce, aad(purpose, keyId));
            plain = c.doFinal(raw, offset, raw.length - offset);
        } catch (GeneralSecurityException e) {
            throw new SealException(SealException.Reason.TAMPERED, "token failed authentication (modified or not issued for this purpose)");
        }
        Fields f = Fields.of(Wire.parse(plain), "");
        if (f.longValue("e") < clock.millis()) {
            throw new SealException(SealException.Reason.EXPIRED, "token has expired");
        }
        if (!Objects.equals(f.optString("p"), principal)) {
            throw new SealException(SealException.Reason.WRONG_PRINCIPAL, "token was issued to a different principal");
        }
        Json d = f.raw("d");
        return d instanceof JsonObject o ? o : JsonObject.EMPTY;
    }

    private static byte[] aad(String purpose, byte[] keyId) {
        byte[] p = purpose.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + keyId.length + p.length).put(VERSION).put(keyId).put(p).array();
    }

    private static byte[] crypt(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) {
        try {
            return cipher(mode, key, nonce, aad).doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(aad);
        return c;
    }
}
