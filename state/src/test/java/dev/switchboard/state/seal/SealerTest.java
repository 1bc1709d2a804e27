package dev.switchboard.state.seal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealing and opening tokens: round trips and every way a token is refused. */
class SealerTest {
    private static final Instant T0 = Instant.parse("2026-07-28T12:00:00Z");
    private static final JsonObject PAYLOAD = JsonObject.builder()
            .put("cursor", 42)
            .put("list", "tools/list")
            .put("nested", JsonObject.of("a", JsonArray.of(Json.of(1), Json.of("two"), Json.of(true))))
            .build();

    private final KeyRing ring = KeyRing.of("k1", key(1));
    private final Sealer sealer = new Sealer(ring);

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static SealException.Reason refusal(Runnable r) {
        try {
            r.run();
        } catch (SealException e) {
            return e.reason();
        }
        throw new AssertionError("expected a SealException");
    }

    private static byte[] raw(String token) {
        return Base64.getUrlDecoder().decode(token);
    }

    private static String token(byte[] raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    @Test
    void opensWhatItSealed() {
        String token = sealer.seal("cursor", "alice", Duration.ofMinutes(5), PAYLOAD);
        assertThat(sealer.open("cursor", "alice", token)).isEqualTo(PAYLOAD);
    }

    @Test
    void opensAnEmptyPayload() {
        String token = sealer.seal("p", "alice", Duration.ofMinutes(5), JsonObject.EMPTY);
        assertThat(sealer.open("p", "alice", token)).isEqualTo(JsonObject.EMPTY);
    }

    @Test
    void keepsNonAsciiTextInThePayload() {
        JsonObject payload = JsonObject.of("text", Json.of("Grüße, 世界 🚀"));
        String token = sealer.seal("p", "ünïcode-user", Duration.ofMinutes(5), payload);
        assertThat(sealer.open("p", "ünïcode-user", token)).isEqualTo(payload);
    }

    @Test
    void tokensAreVisibleUrlSafeAscii() {
        String token = sealer.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD);
        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(token.chars()).allSatisfy(c -> assertThat(c).isBetween(0x21, 0x7e));
    }

    @Test
    void sealingTheSamePayloadTwiceGivesDifferentTokens() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            tokens.add(sealer.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD));
        }
        assertThat(tokens).hasSize(50);
    }

    @Test
    void tokensDoNotRevealThePayloadOrPrincipal() {
        String token = sealer.seal("p", "alice@example.com", Duration.ofMinutes(5), JsonObject.of("secret", Json.of("hunter2")));
        String decoded = new String(raw(token), StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain("hunter2").doesNotContain("alice").doesNotContain("secret");
    }

    @Test
    void tokensFollowTheDocumentedLayout() {
        byte[] raw = raw(sealer.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD));
        assertThat(raw[0]).isEqualTo((byte) 1);
        assertThat(raw[1]).isEqualTo((byte) 2);
        assertThat(new String(raw, 2, 2, StandardCharsets.US_ASCII)).isEqualTo("k1");
    }

    @Test
    void aSecondSealerWithTheSameRingOpensTheFirstsTokens() {
        String token = sealer.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD);
        Sealer otherInstance = new Sealer(KeyRing.of("k1", key(1)));
        assertThat(otherInstance.open("p", "alice", token)).isEqualTo(PAYLOAD);
    }

    @Test
    void exposesItsKeyRing() {
        assertThat(sealer.keyRing()).isSameAs(ring);
    }

    @Test
    void refusesAModifiedByteAsTampered() {
        byte[] raw = raw(sealer.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD));
        for (int i = 4; i < raw.length; i++) { // every byte after version, id length and key id
            byte[] copy = raw.clone();
            copy[i] ^= 0x01;
            assertThat(refusal(() -> sealer.open("p", "alice", token(copy))))
                    .as("flipped byte %d", i).isEqualTo(SealException.Reason.TAMPERED);
        }
    }

    @Test
    void refusesATruncatedTagAsTampered() {
        byte[] raw = raw(sealer.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD));
        byte[] cut = Arrays.copyOf(raw, raw.length - 1);
        assertThat(refusal(() -> sealer.open("p", "alice", token(cut)))).isEqualTo(SealException.Reason.TAMPERED);
    }

    @Test
    void refusesJunkAppendedToTheToken() {
        String token = sealer.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD);
        assertThat(refusal(() -> sealer.open("p", "alice", token + "AAAA"))).isEqualTo(SealException.Reason.TAMPERED);
        assertThat(refusal(() -> sealer.open("p", "alice", token + "junk!"))).isEqualTo(SealException.Reason.MALFORMED);
    }

    /** A token whose base64 text ends in a partial group, so it has unused bits and room for padding. */
    private String tokenWithPartialLastGroup() {
        for (int i = 0; ; i++) {
            String t = sealer.seal("p", "alice", Duration.ofMinutes(5), JsonObject.of("pad", Json.of("x".repeat(i))));
            if (t.length() % 4 != 0) {
                return t;
            }
        }
    }

    @Test
    void refusesPaddingAddedToAToken() {
        String token = tokenWithPartialLastGroup();
        String padded = token + "=".repeat(4 - token.length() % 4);
        assertThat(raw(padded)).as("the padded text decodes to the same bytes").isEqualTo(raw(token));
        assertThat(refusal(() -> sealer.open("p", "alice", padded))).isEqualTo(SealException.Reason.MALFORMED);
        assertThat(sealer.open("p", "alice", token)).isNotNull();
    }

    @Test
    void refusesAnotherSpellingOfTheSameBytes() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String token = tokenWithPartialLastGroup();
        char last = token.charAt(token.length() - 1);
        String respelled = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        assertThat(raw(respelled)).as("the last character's low bit is unused").isEqualTo(raw(token));
        assertThat(refusal(() -> sealer.open("p", "alice", respelled))).isEqualTo(SealException.Reason.MALFORMED);
    }

    @Test
    void refusesATokenSealedForAnotherPurposeAsTampered() {
        String cursor = sealer.seal("mcp.cursor", "alice", Duration.ofMinutes(5), PAYLOAD);
        assertThat(refusal(() -> sealer.open("mcp.requestState", "alice", cursor))).isEqualTo(SealException.Reason.TAMPERED);
    }

    @Test
    void refusesATokenOfAnotherPrincipal() {
        String token = sealer.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD);
        assertThat(refusal(() -> sealer.open("p", "bob", token))).isEqualTo(SealException.Reason.WRONG_PRINCIPAL);
        assertThat(refusal(() -> sealer.open("p", null, token))).isEqualTo(SealException.Reason.WRONG_PRINCIPAL);
    }

    @Test
    void aTokenWithoutPrincipalOpensOnlyWithoutPrincipal() {
        String token = sealer.seal("p", null, Duration.ofMinutes(5), PAYLOAD);
        assertThat(sealer.open("p", null, token)).isEqualTo(PAYLOAD);
        assertThat(refusal(() -> sealer.open("p", "alice", token))).isEqualTo(SealException.Reason.WRONG_PRINCIPAL);
    }

    @Test
    void refusesAnExpiredToken() {
        String token = new Sealer(ring, at(T0)).seal("p", "alice", Duration.ofSeconds(10), PAYLOAD);
        Sealer later = new Sealer(ring, at(T0.plusSeconds(10).plusMillis(1)));
        assertThat(refusal(() -> later.open("p", "alice", token))).isEqualTo(SealException.Reason.EXPIRED);
    }

    @Test
    void aTokenIsStillValidAtItsExactExpiry() {
        String token = new Sealer(ring, at(T0)).seal("p", "alice", Duration.ofSeconds(10), PAYLOAD);
        assertThat(new Sealer(ring, at(T0.plusSeconds(10))).open("p", "alice", token)).isEqualTo(PAYLOAD);
        assertThat(new Sealer(ring, at(T0.plusSeconds(9))).open("p", "alice", token)).isEqualTo(PAYLOAD);
    }

    @Test
    void aZeroTtlTokenExpiresAsSoonAsTheClockMoves() {
        String token = new Sealer(ring, at(T0)).seal("p", "alice", Duration.ZERO, PAYLOAD);
        assertThat(new Sealer(ring, at(T0)).open("p", "alice", token)).isEqualTo(PAYLOAD);
        assertThat(refusal(() -> new Sealer(ring, at(T0.plusMillis(1))).open("p", "alice", token)))
                .isEqualTo(SealException.Reason.EXPIRED);
    }

    @Test
    void refusesATokenSealedUnderAKeyNoLongerOnTheRing() {
        String token = sealer.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD);
        Sealer other = new Sealer(KeyRing.of("k2", key(2)));
        assertThat(refusal(() -> other.open("p", "alice", token))).isEqualTo(SealException.Reason.UNKNOWN_KEY);
    }

    @Test
    void refusesATokenWhoseKeyIdWasChanged() {
        KeyRing both = KeyRing.of("k1", java.util.Map.of("k1", key(1), "k2", key(2)));
        Sealer s = new Sealer(both);
        byte[] raw = raw(s.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD));
        raw[3] = '2'; // "k1" -> "k2": the key id is authenticated as associated data
        assertThat(refusal(() -> s.open("p", "alice", token(raw)))).isEqualTo(SealException.Reason.TAMPERED);
    }

    @Test
    void refusesATokenUnderTheSameKeyIdButDifferentKeyBytes() {
        String token = sealer.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD);
        Sealer impostor = new Sealer(KeyRing.of("k1", key(9)));
        assertThat(refusal(() -> impostor.open("p", "alice", token))).isEqualTo(SealException.Reason.TAMPERED);
    }

    @Test
    void refusesGarbageAsMalformed() {
        for (String garbage : List.of("", "not a token", "!!!!", "AA", "a+b/c==", "%%%")) {
            assertThat(refusal(() -> sealer.open("p", "alice", garbage))).as(garbage).isEqualTo(SealException.Reason.MALFORMED);
        }
    }

    @Test
    void refusesAnUnknownVersionAsMalformed() {
        byte[] raw = raw(sealer.seal("p", "alice", Duration.ofMinutes(5), PAYLOAD));
        raw[0] = 2;
        assertThat(refusal(() -> sealer.open("p", "alice", token(raw)))).isEqualTo(SealException.Reason.MALFORMED);
    }

    @Test
    void refusesAKeyIdLengthPastTheEndAsMalformed() {
        byte[] raw = new byte[40];
        raw[0] = 1;
        raw[1] = (byte) 200;
        assertThat(refusal(() -> sealer.open("p", "alice", token(raw)))).isEqualTo(SealException.Reason.MALFORMED);
    }

    @Test
    void refusesATokenTooShortForNonceAndTagAsMalformed() {
        byte[] raw = new byte[2 + 2 + 12 + 15];
        raw[0] = 1;
        raw[1] = 2;
        assertThat(refusal(() -> sealer.open("p", "alice", token(raw)))).isEqualTo(SealException.Reason.MALFORMED);
    }

    @Test
    void refusalsCarryAMessageButNeverThePayload() {
        String token = sealer.seal("p", "alice", Duration.ofMinutes(5), JsonObject.of("secret", Json.of("hunter2")));
        assertThatThrownBy(() -> sealer.open("p", "bob", token))
                .isInstanceOf(SealException.class)
                .hasMessageContaining("principal")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("alice"));
    }

    @Test
    void requiresARingAndAClock() {
        assertThatThrownBy(() -> new Sealer(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Sealer(ring, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void isSafeToUseFromManyThreads() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                JsonObject payload = JsonObject.of("i", Json.of(i));
                results.add(pool.submit(() -> sealer.open("p", "alice",
                        sealer.seal("p", "alice", Duration.ofMinutes(1), payload)).equals(payload)));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        }
    }
}
