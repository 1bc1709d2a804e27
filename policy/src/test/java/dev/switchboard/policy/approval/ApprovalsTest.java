package dev.switchboard.policy.approval;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pending approvals: bound, decided first-wins, redeemed once, expiring; tokens and CSRF values. */
class ApprovalsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final InMemoryStore store = new InMemoryStore(clock);
    private final Approvals approvals = Approvals.builder(store, store, secret(1), () -> URI.create("https://gw.example/approvals"))
            .clock(clock).ttl(Duration.ofMinutes(5)).build();

    private static byte[] secret(int fill) {
        byte[] s = new byte[32];
        java.util.Arrays.fill(s, (byte) fill);
        return s;
    }

    private static Approvals.Call call(String principal, String tool, int amount, String bundle) {
        return new Approvals.Call(principal, principal, "", principal, "pay-server", "tools/call", tool,
                JsonObject.of("amount", Json.of(amount)), "big", "approval required by rule big", bundle, List.of());
    }

    private static Approvals.Call call() {
        return call("alice", "pay", 10, "sha256:b1");
    }

    @Test
    void anApprovalIsUsableOnceAfterApproval() {
        Approval a = approvals.request(call());
        assertThat(approvals.redeem(a.id(), call())).isEqualTo(Redemption.PENDING);
        assertThat(approvals.decide(a.id(), true, "bob", null).status()).isEqualTo(Approval.Status.APPROVED);
        assertThat(approvals.redeem(a.id(), call())).isEqualTo(Redemption.USED);
        assertThat(approvals.redeem(a.id(), call())).isEqualTo(Redemption.ALREADY_USED);
    }

    @Test
    void itIsBoundToPrincipalCallArgumentsAndBundle() {
        Approval a = approvals.request(call());
        approvals.decide(a.id(), true, "bob", null);
        assertThat(approvals.redeem(a.id(), call("mallory", "pay", 10, "sha256:b1"))).isEqualTo(Redemption.OTHER_CALL);
        assertThat(approvals.redeem(a.id(), call("alice", "refund", 10, "sha256:b1"))).isEqualTo(Redemption.OTHER_CALL);
        assertThat(approvals.redeem(a.id(), call("alice", "pay", 11, "sha256:b1"))).isEqualTo(Redemption.ARGUMENTS_CHANGED);
        assertThat(approvals.redeem(a.id(), call("alice", "pay", 10, "sha256:b2"))).isEqualTo(Redemption.BUNDLE_CHANGED);
        assertThat(approvals.redeem(a.id(), call())).as("failed attempts do not use it up").isEqualTo(Redemption.USED);
    }

    @Test
    void theFirstDecisionWinsEvenWhenConcurrent() throws Exception {
        Approval a = approvals.request(call());
        List<Callable<Approval>> deciders = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            boolean approve = i % 2 == 0;
            deciders.add(() -> approvals.decide(a.id(), approve, "p" + approve, null));
        }
        int decided = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Approval> f : pool.invokeAll(deciders)) {
                decided += f.get() == null ? 0 : 1;
            }
        }
        assertThat(decided).isEqualTo(1);
        assertThat(approvals.find(a.id()).status()).isNotEqualTo(Approval.Status.PENDING);
    }

    @Test
    void concurrentRetriesUseItOnce() throws Exception {
        Approval a = approvals.request(call());
        approvals.decide(a.id(), true, "bob", null);
        List<Callable<Redemption>> retries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            retries.add(() -> approvals.redeem(a.id(), call()));
        }
        List<Redemption> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Redemption> f : pool.invokeAll(retries)) {
                outcomes.add(f.get());
            }
        }
        assertThat(outcomes).containsOnlyOnce(Redemption.USED);
        assertThat(outcomes.stream().filter(r -> r == Redemption.ALREADY_USED)).hasSize(15);
    }

    @Test
    void anExpiredApprovalCanBeNeitherDecidedNorUsed() {
        Approval a = approvals.request(call());
        Approval b = approvals.request(call());
        approvals.decide(b.id(), true, "bob", null);
        clock.advance(Duration.ofMinutes(5));
        assertThat(approvals.decide(a.id(), true, "bob", null)).isNull();
        assertThat(approvals.redeem(b.id(), call())).isEqualTo(Redemption.EXPIRED);
        clock.advance(Duration.ofHours(1));
        assertThat(approvals.find(b.id())).as("gone from the store later").isNull();
        assertThat(approvals.redeem(b.id(), call())).isEqualTo(Redemption.EXPIRED);
    }

    @Test
    void aRejectionIsFinal() {
        Approval a = approvals.request(call());
        assertThat(approvals.decide(a.id(), false, "bob", null).decidedBy()).isEqualTo("bob");
        assertThat(approvals.decide(a.id(), true, "eve", null)).isNull();
        assertThat(approvals.redeem(a.id(), call())).isEqualTo(Redemption.REJECTED);
    }

    @Test
    void anotherInstanceWithTheSameSecretAndStoreSeesTheSameApproval() {
        Approvals other = Approvals.builder(store, store, secret(1), () -> URI.create("https://gw2.example/approvals"))
                .clock(clock).build();
        Approval a = approvals.request(call());
        assertThat(other.decide(a.id(), true, "bob", null)).isNotNull();
        assertThat(other.redeem(a.id(), call())).isEqualTo(Redemption.USED);
        assertThat(other.hashArguments(JsonObject.EMPTY)).isEqualTo(approvals.hashArguments(JsonObject.EMPTY));
        Approvals foreign = Approvals.builder(store, store, secret(2), () -> URI.create("https://x")).clock(clock).build();
        assertThat(foreign.hashArguments(JsonObject.EMPTY)).isNotEqualTo(approvals.hashArguments(JsonObject.EMPTY));
    }

    @Test
    void theStoreHoldsAKeyedHashNotAPlainOne() {
        Approval a = approvals.request(call());
        assertThat(a.argsHash()).startsWith("hmac-sha256:").hasSize("hmac-sha256:".length() + 64);
        assertThat(a.argsHash()).isNotEqualTo("hmac-sha256:" + java.util.HexFormat.of().formatHex(sha256("{\"amount\":10}")));
    }

    @Test
    void longArgumentsAreShortenedForTheApprover() {
        String summary = Approvals.summary(JsonObject.of("memo", Json.of("x".repeat(500)), "n", Json.of(1)));
        assertThat(summary).contains("… (500 characters)").contains("\"n\":1").hasSizeLessThan(300);
    }

    @Test
    void stateTokensRoundTripAndRefuseTamperingForeignKeysAndExpiry() {
        String token = approvals.signState(JsonObject.of("a", Json.of("id1")), Duration.ofMinutes(1));
        assertThat(Approvals.isStateToken(token)).isTrue();
        assertThat(approvals.openState(token)).isEqualTo(JsonObject.of("a", Json.of("id1")));
        String body = token.substring(5, token.indexOf('.', 5));
        String forgedBody = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"a\":\"id2\",\"exp\":99999999999999}".getBytes());
        assertThatThrownBy(() -> approvals.openState(token.replace(body, forgedBody))).hasMessageContaining("altered");
        Approvals foreign = Approvals.builder(store, store, secret(2), () -> URI.create("https://x")).clock(clock).build();
        assertThatThrownBy(() -> foreign.openState(token)).hasMessageContaining("altered");
        assertThatThrownBy(() -> approvals.openState("sba1.garbage")).hasMessageContaining("malformed");
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> approvals.openState(token)).hasMessageContaining("expired");
    }

    @Test
    void csrfTokensAreTiedToTheApprovalAndTheBrowsersNonce() {
        String t = approvals.csrf("a1", "nonce-1234567890");
        assertThat(approvals.csrfMatches("a1", "nonce-1234567890", t)).isTrue();
        assertThat(approvals.csrfMatches("a2", "nonce-1234567890", t)).isFalse();
        assertThat(approvals.csrfMatches("a1", "nonce-other-12345", t)).isFalse();
        assertThat(approvals.csrfMatches("a1", null, t)).isFalse();
        assertThat(approvals.csrfMatches("a1", "nonce-1234567890", null)).isFalse();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> Approvals.builder(store, store, new byte[16], () -> URI.create("https://x")))
                .hasMessageContaining("32 bytes");
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
