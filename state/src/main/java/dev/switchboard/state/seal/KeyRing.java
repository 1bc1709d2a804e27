package dev.switchboard.state.seal;

import dev.switchboard.protocol.codec.Fields;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The AES-256 keys that seal tokens ({@code requestState}, session ids, cursors), by key id.
 * Exactly one key is active and seals new tokens; every key on the ring still opens tokens, so a
 * rotation is: add the new key, make it active, remove the old one after the longest token
 * lifetime. All instances of a deployment share the ring from configuration, never from the
 * state store. Immutable and thread-safe.
 */
public final class KeyRing {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BYTES = 32;

    private final String activeId;
    private final Map<String, byte[]> keys;

    private KeyRing(String activeId, Map<String, byte[]> keys) {
        if (!keys.containsKey(activeId)) {
            throw new IllegalArgumentException("active key \"" + activeId + "\" is not on the key ring");
        }
        keys.forEach((id, k) -> {
            if (k.length != KEY_BYTES) {
                throw new IllegalArgumentException("key \"" + id + "\" must be 32 bytes (AES-256), got " + k.length);
            }
            if (id.isEmpty() || id.length() > 64 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                // the id travels in every token as US-ASCII; anything else would seal tokens that never open
                throw new IllegalArgumentException("key ids must be 1 to 64 visible ASCII characters: \"" + id + "\"");
            }
        });
        this.activeId = activeId;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** A ring with one fresh random key, for a single instance or a test. */
    public static KeyRing generate() {
        return of(newKeyId(), newKey());
    }

    /** A ring with one key. */
    public static KeyRing of(String id, byte[] key) {
        return new KeyRing(id, Map.of(id, key.clone()));
    }

    /** A ring with several keys, {@code activeId} among them. */
    public static KeyRing of(String activeId, Map<String, byte[]> keys) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        keys.forEach((k, v) -> copy.put(k, v.clone()));
        return new KeyRing(activeId, copy);
    }

    /** A new random 256-bit key. */
    public static byte[] newKey() {
        byte[] k = new byte[KEY_BYTES];
        RANDOM.nextBytes(k);
        return k;
    }

    /** A new key id, e.g. {@code k-3f9a1c2e}. */
    public static String newKeyId() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "k-" + java.util.HexFormat.of().formatHex(b);
    }

    /** A copy of this ring with {@code id} added and made active. */
    public KeyRing rotate(String id, byte[] key) {
        Map<String, byte[]> copy = new LinkedHashMap<>(keys);
        copy.put(id, key.clone());
        return new KeyRing(id, copy);
    }

    /**
     * A copy of this ring with {@code id} added but not active: the first step of a rotation across
     * several instances, so every instance can open tokens sealed with the new key before any
     * instance seals with it.
     */
    public KeyRing with(String id, byte[] key) {
        if (keys.containsKey(id)) {
            throw new IllegalArgumentException("key \"" + id + "\" is already on the key ring");
        }
        Map<String, byte[]> copy = new LinkedHashMap<>(keys);
        copy.put(id, key.clone());
        return new KeyRing(activeId, copy);
    }

    /** A copy of this ring that seals with key {@code id}, which must be on it. */
    public KeyRing activate(String id) {
        return new KeyRing(id, new LinkedHashMap<>(keys));
    }

    /**
     * A copy of this ring without key {@code id}: tokens sealed with it stop opening.
     *
     * @throws IllegalArgumentException when {@code id} is the active key or not on the ring
     */
    public KeyRing without(String id) {
        if (!keys.containsKey(id)) {
            throw new IllegalArgumentException("key \"" + id + "\" is not on the key ring (keys: " + String.join(", ", keys.keySet()) + ")");
        }
        if (id.equals(activeId)) {
            throw new IllegalArgumentException("key \"" + id + "\" is the active key; activate another one first");
        }
        Map<String, byte[]> copy = new LinkedHashMap<>(keys);
        copy.remove(id);
        return new KeyRing(activeId, copy);
    }

    /** The id of the key that seals new tokens. */
    public String activeId() {
        return activeId;
    }

    /** The key ids on the ring, in configuration order. */
    public List<String> ids() {
        return new ArrayList<>(keys.keySet());
    }

    byte[] key(String id) {
        return keys.get(id);
    }

    /**
     * A 32-byte secret for {@code purpose}, derived from the active key (HMAC-SHA256 of the purpose
     * under it): what a component that needs its own shared secret (the approvals' argument hash
     * and tokens) uses, so every instance with the same ring derives the same value and no key
     * serves two purposes. Changes when the active key does.
     */
    public byte[] derive(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(activeKey(), "HmacSHA256"));
            return mac.doFinal(("switchboard key ring derive: " + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    byte[] activeKey() {
        return keys.get(activeId);
    }

    /**
     * Reads a key-ring file: {@code {"active":"k1","keys":[{"id":"k1","key":"<base64, 32 bytes>"}]}}.
     *
     * @throws IllegalArgumentException naming the file and the field at fault
     */
    public static KeyRing read(Path file) throws IOException {
        JsonObject doc;
        try {
            doc = Fields.asObject(Wire.parse(Files.readAllBytes(file)), "");
            Fields f = Fields.of(doc, "");
            Map<String, byte[]> keys = new LinkedHashMap<>();
            for (JsonObject k : f.list("keys", Fields::asObject)) {
                String at = "keys[" + keys.size() + "]";
                Fields kf = Fields.of(k, at);
                String id = kf.string("id");
                if (keys.containsKey(id)) {
                    throw new IllegalArgumentException(at + ".id: duplicate key id \"" + id + "\"");
                }
                try {
                    keys.put(id, Base64.getDecoder().decode(kf.string("key")));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ".key: not base64 (" + e.getMessage() + ")", e);
                }
            }
            String active = f.optString("active");
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("keys: at least one key is required");
            }
            return of(active != null ? active : keys.keySet().iterator().next(), keys);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this ring to {@code file} (owner-only permissions where the file system has them). */
    public void write(Path file) throws IOException {
        List<dev.switchboard.protocol.json.Json> list = new ArrayList<>();
        keys.forEach((id, k) -> list.add(JsonObject.of("id", dev.switchboard.protocol.json.Json.of(id),
                "key", dev.switchboard.protocol.json.Json.of(Base64.getEncoder().encodeToString(k)))));
        JsonObject doc = JsonObject.builder().put("active", activeId).put("keys", new JsonArray(list)).build();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path dir = parent != null ? parent : Path.of(".");
        Path tmp;
        try {
            // created owner-only, so the key material is never readable by others, even briefly
            tmp = Files.createTempFile(dir, ".keyring", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            tmp = Files.createTempFile(dir, ".keyring", ".tmp"); // not POSIX: the operator protects the file
        }
        try {
            Files.write(tmp, Wire.write(doc));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return "KeyRing[active=" + activeId + ", ids=" + keys.keySet() + "]"; // never the key material
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyRing other) || !activeId.equals(other.activeId) || !keys.keySet().equals(other.keys.keySet())) {
            return false;
        }
        for (var e : keys.entrySet()) {
            if (!java.security.MessageDigest.isEqual(e.getValue(), other.keys.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(activeId, keys.keySet());
    }
}
