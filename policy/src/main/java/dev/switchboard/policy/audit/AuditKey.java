package dev.switchboard.policy.audit;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.CanonicalJson;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The secrets of an audit log's writers: the Ed25519 key that signs checkpoints and the HMAC key
 * that hashes call arguments. Every instance writing one chain shares one key file (as they share
 * the key ring), so equal arguments hash equally on every instance and one public key verifies
 * every checkpoint.
 *
 * <p>The key file is JSON: {@code {"ed25519Private": …, "ed25519Public": …, "hmac": …}} (base64 of
 * PKCS#8, X.509 and 32 random bytes), written readable by its owner only. The public file
 * ({@link #writePublic}) holds {@code ed25519Public} alone and is what verifiers get; {@link #readPublic}
 * accepts either file. The key id is derived from the public key, never stored, so it cannot be
 * made to name another key. Uses the JDK's own Ed25519 and HmacSHA256.
 */
public final class AuditKey {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final PrivateKey signing;
    private final PublicKey verifying;
    private final byte[] hmacSecret;
    private final Mac hmac; // initialised once and never used itself: each hash works on a clone

    private AuditKey(PrivateKey signing, PublicKey verifying, byte[] hmacSecret) {
        this.signing = signing;
        this.verifying = verifying;
        this.hmacSecret = hmacSecret;
        try {
            this.hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(hmacSecret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A fresh key pair and HMAC secret. */
    public static AuditKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            return new AuditKey(pair.getPrivate(), pair.getPublic(), secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /**
     * Reads a key file written by {@link #write}.
     *
     * @throws IllegalArgumentException naming the file when it is not a complete audit key file
     */
    public static AuditKey read(Path file) throws IOException {
        JsonObject o = object(file);
        String priv = o.getString("ed25519Private");
        String hmac = o.getString("hmac");
        if (priv == null || hmac == null) {
            throw new IllegalArgumentException(file + ": not an audit key file (it needs ed25519Private, ed25519Public and hmac;"
                    + " a public key file only verifies)");
        }
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey signing = kf.generatePrivate(new PKCS8EncodedKeySpec(B64D.decode(priv)));
            byte[] secret = B64D.decode(hmac);
            if (secret.length < 16) {
                throw new IllegalArgumentException(file + ": the hmac secret is shorter than 16 bytes");
            }
            return new AuditKey(signing, publicKey(file, o), secret);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a valid audit key file: " + e.getMessage(), e);
        }
    }

    /**
     * The public key of a key file or a public key file.
     *
     * @throws IllegalArgumentException naming the file when it holds no Ed25519 public key
     */
    public static PublicKey readPublic(Path file) throws IOException {
        return publicKey(file, object(file));
    }

    /** Writes the whole key to {@code file} (owner-only where the file system allows), replacing it atomically. */
    public void write(Path file) throws IOException {
        write(file, JsonObject.builder()
                .put("ed25519Private", B64.encodeToString(signing.getEncoded()))
                .put("ed25519Public", B64.encodeToString(verifying.getEncoded()))
                .put("hmac", B64.encodeToString(hmacSecret)).build(), true);
    }

    /** Writes the public key alone to {@code file}, for verifiers. */
    public void writePublic(Path file) throws IOException {
        write(file, JsonObject.of("ed25519Public", Json.of(B64.encodeToString(verifying.getEncoded()))), false);
    }

    /** The key id: the first 16 hex digits of the SHA-256 of the public key's X.509 encoding. */
    public String id() {
        return idOf(verifying);
    }

    /** The id of any Ed25519 public key, as {@link #id()}. */
    public static String idOf(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * The keyed hash of a call's arguments: {@code hmac-sha256:} and the lowercase hex HMAC-SHA256 of
     * their {@linkplain CanonicalJson canonical} form. Equal arguments give equal hashes whatever
     * their member order, so a record can be matched to a known call without the log holding the
     * arguments; without the key nobody can confirm a guess.
     *
     * @throws IllegalArgumentException when the arguments have no canonical form (a lone surrogate)
     */
    public String hashArguments(JsonObject args) {
        try {
            // a clone of the keyed prototype: no provider lookup and no key schedule per call
            Mac mac = (Mac) hmac.clone();
            return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(CanonicalJson.encode(args)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 cannot be cloned", e);
        }
    }

    /** The first 32 hex digits of the SHA-256 of {@code value}: names a secret value in a record without revealing it. */
    static String digest(String value) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The public half, which verifies checkpoints. */
    public PublicKey publicKey() {
        return verifying;
    }

    PrivateKey signingKey() {
        return signing;
    }

    private static JsonObject object(Path file) throws IOException {
        Json json;
        try {
            json = Wire.parse(Files.readString(file));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getMessage(), e);
        }
        if (!(json instanceof JsonObject o)) {
            throw new IllegalArgumentException(file + ": an audit key file is a JSON object");
        }
        return o;
    }

    private static PublicKey publicKey(Path file, JsonObject o) {
        String pub = o.getString("ed25519Public");
        if (pub == null) {
            throw new IllegalArgumentException(file + ": no ed25519Public key");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(B64D.decode(pub)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": ed25519Public is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, JsonObject content, boolean secret) throws IOException {
        Path dir = Objects.requireNonNullElse(file.toAbsolutePath().getParent(), Path.of("."));
        Path tmp = Files.createTempFile(dir, ".audit-key", ".tmp");
        try {
            if (secret && Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, Wire.toText(content) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditKey k && k.verifying.equals(verifying) && Arrays.equals(k.hmacSecret, hmacSecret);
    }

    @Override
    public int hashCode() {
        return verifying.hashCode();
    }

    @Override
    public String toString() {
        return "AuditKey[" + id() + "]"; // never the secrets
    }
}
