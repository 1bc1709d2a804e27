package dev.switchboard.policy.audit;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.CanonicalJson;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed statement "record {@code sequence} of this log has hash {@code head}", made by the
 * instance that appended that record. Checkpoints are appended to the chain as events of type
 * {@code checkpoint} (so they travel with every export), and the latest is also kept apart from the
 * log ({@link TrustedHead}): a rewritten chain no longer matches the heads its checkpoints signed,
 * and a cut-off tail ends before the trusted head.
 *
 * <p>The signature is Ed25519 over the {@linkplain CanonicalJson canonical} form of the event
 * without its {@code sig} member: {@code {"type":"checkpoint","seq":…,"head":…,"time":…,"instance":…,"key":…}}.
 *
 * @param sequence  the record signed for
 * @param head      that record's hash
 * @param time      when it was signed (millisecond precision)
 * @param instance  the instance that signed
 * @param keyId     {@link AuditKey#id()} of the signing key
 * @param signature base64 of the Ed25519 signature
 */
public record Checkpoint(long sequence, String head, Instant time, String instance, String keyId, String signature) {
    /** The {@code type} of a checkpoint event. */
    public static final String TYPE = "checkpoint";

    public Checkpoint {
        if (sequence < 1) {
            throw new IllegalArgumentException("a checkpoint signs a record, from 1; got " + sequence);
        }
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** Signs record {@code sequence} with hash {@code head} as {@code instance}. */
    public static Checkpoint sign(AuditKey key, long sequence, String head, Instant time, String instance) {
        Instant at = Instant.ofEpochMilli(time.toEpochMilli());
        JsonObject unsigned = unsigned(sequence, head, at, instance, key.id());
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key.signingKey());
            s.update(CanonicalJson.encode(unsigned));
            return new Checkpoint(sequence, head, at, instance, key.id(), Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    /** True when {@code key} made this signature over exactly these fields. */
    public boolean verifiedBy(PublicKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(CanonicalJson.encode(unsigned(sequence, head, time, instance, keyId)));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a signature that is not even base64 or not 64 bytes verifies nothing
        }
    }

    /** The checkpoint as its audit event. */
    public JsonObject toEvent() {
        return unsigned(sequence, head, time, instance, keyId).with("sig", Json.of(signature));
    }

    /** True when {@code event} is a checkpoint event (by its {@code type}), well-formed or not. */
    public static boolean isCheckpoint(JsonObject event) {
        return TYPE.equals(event.getString("type"));
    }

    /**
     * Reads a checkpoint event.
     *
     * @throws IllegalArgumentException naming the member at fault
     */
    public static Checkpoint fromEvent(JsonObject event) {
        if (!isCheckpoint(event)) {
            throw new IllegalArgumentException("not a checkpoint event");
        }
        if (!(event.get("seq") instanceof JsonNumber seq) || !seq.fitsLong() || seq.longValue() < 1) {
            throw new IllegalArgumentException("checkpoint seq: expected a positive integer");
        }
        Instant time;
        try {
            time = Instant.parse(require(event, "time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("checkpoint time: not an ISO-8601 instant");
        }
        return new Checkpoint(seq.longValue(), require(event, "head"), time, require(event, "instance"),
                require(event, "key"), require(event, "sig"));
    }

    private static String require(JsonObject event, String name) {
        String value = event.getString(name);
        if (value == null) {
            throw new IllegalArgumentException("checkpoint " + name + ": expected a string");
        }
        return value;
    }

    private static JsonObject unsigned(long sequence, String head, Instant time, String instance, String keyId) {
        return JsonObject.builder().put("type", TYPE).put("seq", sequence).put("head", head).put("time", time.toString())
                .put("instance", instance).put("key", keyId).build();
    }
}
