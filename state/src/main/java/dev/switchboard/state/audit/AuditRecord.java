package dev.switchboard.state.audit;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * One link of a hash chain of audit records: its sequence number (1, 2, 3, …), its time, the hash
 * of the record before it ({@link #GENESIS} for the first), the event, and its own hash.
 *
 * <p>On disk (JSONL) and in Redis a record is one line of JSON, e.g.
 * {@code {"seq":2,"time":"2026-07-28T10:00:00.123Z","prev":"9f86…","event":{…},"hash":"3c2a…"}}.
 * {@code hash} is the lowercase hex SHA-256 of the {@linkplain CanonicalJson canonical} encoding of
 * that object without its {@code hash} member. Changing any byte of a record changes its hash;
 * changing the hash too breaks the next record's {@code prev}; so editing, deleting or reordering
 * records shows up in {@link AuditVerifier}.
 *
 * @param sequence     position in the chain, from 1
 * @param time         when the event was recorded (millisecond precision)
 * @param previousHash the previous record's hash, or {@link #GENESIS}
 * @param event        what happened (a decision, a call); any JSON object
 * @param hash         this record's hash
 */
public record AuditRecord(long sequence, Instant time, String previousHash, JsonObject event, String hash) {
    /** The {@code prev} of the first record: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private static final Set<String> MEMBERS = Set.of("seq", "time", "prev", "event", "hash");

    /** Checks the parts' shapes (not the hash: see {@link #isIntact()}). */
    public AuditRecord {
        if (sequence < 1) {
            throw new IllegalArgumentException("seq starts at 1, got " + sequence);
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
        if (!isHash(previousHash)) {
            throw new IllegalArgumentException("prev must be 64 lowercase hex digits");
        }
        if (!isHash(hash)) {
            throw new IllegalArgumentException("hash must be 64 lowercase hex digits");
        }
    }

    private static boolean isHash(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The record that follows {@code previousSequence}/{@code previousHash} (0 and {@link #GENESIS}
     * for the first record), hashed.
     *
     * @throws IllegalArgumentException when the event cannot be encoded canonically (a lone surrogate)
     */
    public static AuditRecord next(long previousSequence, String previousHash, Instant time, JsonObject event) {
        Instant at = Instant.ofEpochMilli(time.toEpochMilli());
        JsonObject body = body(previousSequence + 1, at.toString(), previousHash, event);
        return new AuditRecord(previousSequence + 1, at, previousHash, event, hashOf(body));
    }

    /** The record that follows {@code previous} (null: the first record), hashed. */
    public static AuditRecord next(AuditRecord previous, Instant time, JsonObject event) {
        return previous == null ? next(0, GENESIS, time, event) : next(previous.sequence, previous.hash, time, event);
    }

    /** True when {@code hash} is the hash of this record's content. */
    public boolean isIntact() {
        return hash.equals(hashOf(body(sequence, time.toString(), previousHash, event)));
    }

    /** True when this record is the one right after {@code previous} (null: this is the first record). */
    public boolean follows(AuditRecord previous) {
        return previous == null
                ? sequence == 1 && previousHash.equals(GENESIS)
                : sequence == previous.sequence + 1 && previousHash.equals(previous.hash);
    }

    /** The record as its JSON object. */
    public JsonObject toJson() {
        return body(sequence, time.toString(), previousHash, event).toBuilder().put("hash", hash).build();
    }

    /** The record as one line of JSON (no line break). */
    public String toLine() {
        return Wire.toText(toJson());
    }

    /**
     * Reads a record from its JSON object (the hash is taken as written; check {@link #isIntact()}).
     *
     * @throws IllegalArgumentException naming the member at fault, for anything else than the five
     *                                  members in their expected shapes
     */
    public static AuditRecord fromJson(Json json) {
        if (!(json instanceof JsonObject o)) {
            throw new IllegalArgumentException("a record is a JSON object, got " + json.kind());
        }
        for (String name : o.members().keySet()) {
            if (!MEMBERS.contains(name)) {
                throw new IllegalArgumentException("unexpected member \"" + name + "\"");
            }
        }
        if (!(o.get("seq") instanceof JsonNumber seq) || !seq.fitsLong() || seq.longValue() < 1) {
            throw new IllegalArgumentException("seq: expected a positive integer");
        }
        if (!(o.get("time") instanceof JsonString time)) {
            throw new IllegalArgumentException("time: expected a string");
        }
        Instant at;
        try {
            at = Instant.parse(time.value());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time: not an ISO-8601 instant");
        }
        if (!at.toString().equals(time.value()) || at.getNano() % 1_000_000 != 0) {
            // one spelling per instant, so a record re-encoded from its parts hashes as written
            throw new IllegalArgumentException("time: not in canonical form (" + time.value() + ")");
        }
        if (!(o.get("event") instanceof JsonObject event)) {
            throw new IllegalArgumentException("event: expected an object");
        }
        String prev = o.getString("prev");
        String hash = o.getString("hash");
        if (!isHash(prev)) {
            throw new IllegalArgumentException("prev: expected 64 lowercase hex digits");
        }
        if (!isHash(hash)) {
            throw new IllegalArgumentException("hash: expected 64 lowercase hex digits");
        }
        return new AuditRecord(seq.longValue(), at, prev, event, hash);
    }

    /** Reads a record from one line of JSON; see {@link #fromJson}. */
    public static AuditRecord parse(String line) {
        Json json;
        try {
            json = Wire.parse(line);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        return fromJson(json);
    }

    /** The hash of a record object without its {@code hash} member: hex SHA-256 of its canonical form. */
    public static String hashOf(JsonObject withoutHash) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(withoutHash)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static JsonObject body(long seq, String time, String prev, JsonObject event) {
        return JsonObject.builder().put("seq", seq).put("time", time).put("prev", prev).put("event", event).build();
    }

    /**
     * Chains records for one writer and gives each one's line, encoding the event canonically once
     * for both (the line holds the event in canonical form, which reads back to the same hash) and
     * reusing one digest and its buffers. Not thread-safe: a log's writer holds it under its lock.
     */
    public static final class Encoder {
        private static final byte[] BODY_START = ascii("{\"event\":");
        private static final int KEEP = 1 << 16;
        private final MessageDigest sha256;
        private final StringBuilder text = new StringBuilder(1024);
        private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder(); // lone surrogates were refused while quoting
        private ByteBuffer event = ByteBuffer.allocate(1024);
        private ByteBuffer line = ByteBuffer.allocate(1024);

        /** An encoder with its own SHA-256. */
        public Encoder() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }

        /**
         * The record that follows {@code previous} (null: the first record), hashed; its line (with
         * the line break) is then {@link #line()}.
         *
         * @throws IllegalArgumentException when the event cannot be encoded canonically (a lone surrogate)
         */
        public AuditRecord next(AuditRecord previous, Instant time, JsonObject event) {
            long seq = previous == null ? 1 : previous.sequence + 1;
            String prev = previous == null ? GENESIS : previous.hash;
            Instant at = Instant.ofEpochMilli(time.toEpochMilli());
            String when = at.toString();
            if (line.capacity() > KEEP) { // one huge event does not pin its buffers for the log's life
                text.setLength(0);
                text.trimToSize();
                this.event = ByteBuffer.allocate(1024);
                line = ByteBuffer.allocate(1024);
            }
            text.setLength(0);
            CanonicalJson.write(event, text);
            encodeEvent();
            // the canonical body: members in name order (event, prev, seq, time), as CanonicalJson sorts them
            sha256.update(BODY_START);
            sha256.update(this.event.array(), 0, this.event.position());
            sha256.update(ascii(",\"prev\":\"" + prev + "\",\"seq\":" + seq + ",\"time\":\"" + when + "\"}"));
            String hash = HexFormat.of().formatHex(sha256.digest());
            line.clear();
            put(ascii("{\"seq\":" + seq + ",\"time\":\"" + when + "\",\"prev\":\"" + prev + "\",\"event\":"));
            put(this.event.array(), this.event.position());
            put(ascii(",\"hash\":\"" + hash + "\"}\n"));
            line.flip();
            return new AuditRecord(seq, at, prev, event, hash);
        }

        /** The line of the record {@link #next} returned last, with its line break; valid until the next call. */
        public ByteBuffer line() {
            return line.asReadOnlyBuffer();
        }

        private void encodeEvent() {
            CharBuffer in = CharBuffer.wrap(text);
            utf8.reset();
            event.clear();
            while (true) {
                CoderResult r = utf8.encode(in, event, true);
                if (r.isOverflow()) {
                    event = grow(event, event.capacity() * 2);
                } else if (r.isError()) {
                    throw new IllegalArgumentException("an event has no UTF-8 form: " + r);
                } else if (utf8.flush(event).isOverflow()) {
                    event = grow(event, event.capacity() * 2);
                } else {
                    return;
                }
            }
        }

        private void put(byte[] bytes) {
            put(bytes, bytes.length);
        }

        private void put(byte[] bytes, int length) {
            if (line.remaining() < length) {
                line = grow(line, Math.max(line.capacity() * 2, line.position() + length));
            }
            line.put(bytes, 0, length);
        }

        private static ByteBuffer grow(ByteBuffer b, int capacity) {
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
            b.flip();
            return bigger.put(b);
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public String toString() {
        return "AuditRecord[" + sequence + " at " + time + ", hash " + hash.substring(0, 12) + "…]"; // events may be large
    }
}
