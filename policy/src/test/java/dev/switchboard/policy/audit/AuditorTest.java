package dev.switchboard.policy.audit;

import dev.switchboard.policy.approval.Approval;
import dev.switchboard.policy.approval.Approvals;
import dev.switchboard.policy.approval.Approver;
import dev.switchboard.policy.approval.Approvers;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.server.Principal;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.embedded.FileAuditLog;
import dev.switchboard.state.embedded.InMemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the auditor writes for decisions, refusals and reloads, and its checkpoints. */
class AuditorTest {
    @TempDir
    Path dir;
    private final AuditKey key = AuditKey.generate();
    private FileAuditLog log;
    private Auditor auditor;

    private Governed start(Auditor.Builder settings) throws Exception {
        auditor = settings.build();
        return new Governed(dir, auditor);
    }

    private Auditor.Builder settings() throws Exception {
        log = FileAuditLog.open(dir.resolve("audit.jsonl"));
        return Auditor.builder(log, key, "node-1");
    }

    @AfterEach
    void tearDown() {
        if (auditor != null) {
            auditor.close();
        }
        if (log != null) {
            log.close();
        }
    }

    private List<JsonObject> events() throws Exception {
        assertThat(auditor.flush(Duration.ofSeconds(5))).isTrue();
        return log.read(1, 1000).stream().map(AuditRecord::event).toList();
    }

    @Test
    void anAllowedCallLeavesOneRecordWithWhoWhatWhereAndAKeyedHashOfItsArguments() throws Exception {
        Governed g = start(settings());
        assertThat(g.call(Governed.ALICE, "read_file", "{\"path\": \"/srv/secret-plan.txt\"}")).isNull();

        JsonObject e = events().getFirst();
        assertThat(events()).hasSize(1);
        assertThat(e.getString("type")).isEqualTo("decision");
        assertThat(e.getString("decision")).isEqualTo("allow");
        assertThat(e.getString("rule")).isEqualTo("reads");
        assertThat(((JsonArray) e.get("rules")).values()).extracting(Object::toString).containsExactly("\"reads\"", "\"hide-path\"");
        assertThat(e.getString("bundle")).startsWith("sha256:");
        assertThat(e.getString("server")).isEqualTo("files");
        assertThat(e.getString("method")).isEqualTo("tools/call");
        assertThat(e.getString("target")).isEqualTo("read_file");
        assertThat(e.get("requestId")).hasToString("1");
        assertThat(e.getString("instance")).isEqualTo("node-1");
        assertThat(Principal.fromJson(e.getObject("principal"))).isEqualTo(Governed.ALICE);
        assertThat(Instant.parse(e.getString("time"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(e.getString("args")).isEqualTo(key.hashArguments((JsonObject) Wire.parse("{\"path\": \"/srv/secret-plan.txt\"}")));
        assertThat(e.getObject("redact").get("args")).hasToString("[\"path\"]");
        assertThat(Files.readString(log.file())).doesNotContain("secret-plan");
        assertThat(e.has("arguments")).as("raw arguments only where configured").isFalse();
    }

    @Test
    void rawArgumentsAreWrittenOnlyWhenConfiguredAndThenWithTheRedactedPathsMasked() throws Exception {
        Governed g = start(settings().rawArguments(true));
        assertThat(g.call(Governed.ALICE, "read_file", "{\"path\": \"/srv/secret-plan.txt\", \"lines\": 10}")).isNull();

        JsonObject e = events().getFirst();
        assertThat(e.getObject("arguments")).isEqualTo(Wire.parse("{\"path\": \"[redacted]\", \"lines\": 10}"));
        assertThat(e.getString("args")).as("the keyed hash is still there, of the arguments as sent")
                .isEqualTo(key.hashArguments((JsonObject) Wire.parse("{\"path\": \"/srv/secret-plan.txt\", \"lines\": 10}")));
        assertThat(Files.readString(log.file())).doesNotContain("secret-plan").contains("\"lines\":10");
    }

    @Test
    void aDeniedCallLeavesOneRecordWithTheDelegationChainAndNeverRuns() throws Exception {
        Governed g = start(settings());
        McpException refused = g.call(Governed.BOT, "delete_file", "{\"path\": \"/srv/x\"}");

        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(g.handled).hasValue(0);
        JsonObject e = events().getFirst();
        assertThat(events()).hasSize(1);
        assertThat(e.getString("decision")).isEqualTo("deny");
        assertThat(e.getString("rule")).isEqualTo("agents-never-delete");
        assertThat(e.getString("reason")).contains("agents may not delete");
        assertThat(e.getObject("principal").get("actors")).hasToString("[\"bot\",\"planner\"]");
        assertThat(e.getObject("principal").get("scopes")).hasToString("[\"files:write\"]");
    }

    @Test
    void shadowResultsAreRecordedWithTheDecision() throws Exception {
        Governed g = start(settings());
        g.call(Governed.ALICE, "read_file", "{}");

        JsonObject shadow = events().getFirst().getObject("shadow");
        assertThat(shadow.get("rules")).hasToString("[\"would-block-reads-at-night\"]");
        assertThat(shadow.getString("decision")).isEqualTo("deny");
        assertThat(shadow.get("differs")).hasToString("true");
    }

    @Test
    void equalArgumentsHashEquallyWhateverTheirOrderAndOnlyUnderTheSameKey() {
        JsonObject a = (JsonObject) Wire.parse("{\"to\": \"acme\", \"amount\": 10.50, \"tags\": [\"x\"]}");
        JsonObject b = (JsonObject) Wire.parse("{\"tags\": [\"x\"], \"amount\": 10.5, \"to\": \"acme\"}");
        JsonObject c = (JsonObject) Wire.parse("{\"tags\": [\"x\"], \"amount\": 10.51, \"to\": \"acme\"}");

        assertThat(key.hashArguments(a)).isEqualTo(key.hashArguments(b)).matches("hmac-sha256:[0-9a-f]{64}");
        assertThat(key.hashArguments(c)).isNotEqualTo(key.hashArguments(a));
        assertThat(AuditKey.generate().hashArguments(a)).isNotEqualTo(key.hashArguments(a));
    }

    @Test
    void theArgumentHashIsTheHmacOfTheCanonicalFormUnderTheFilesSecretFromEveryThread() throws Exception {
        Path file = dir.resolve("audit.key");
        key.write(file);
        byte[] secret = java.util.Base64.getDecoder().decode(((JsonObject) Wire.parse(Files.readString(file))).getString("hmac"));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
        String expected = "hmac-sha256:" + java.util.HexFormat.of().formatHex(
                mac.doFinal("{\"amount\":10.5,\"to\":\"acme\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        JsonObject args = (JsonObject) Wire.parse("{\"to\": \"acme\", \"amount\": 10.50}");

        AuditKey read = AuditKey.read(file);
        List<String> hashes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200; i++) {
                    hashes.add(read.hashArguments(args));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(hashes).hasSize(1600).containsOnly(expected);
    }

    @Test
    void refusalsAndReloadsAreRecorded() throws Exception {
        start(settings());
        auditor.refused(new Refusal(null, "files", "tools/call", "read_file", null, 401, "the token expired",
                "10.0.0.7", Instant.parse("2026-12-07T10:00:00Z")));
        auditor.reloaded(new dev.switchboard.policy.Reload.Unchanged("sha256:abc"));

        List<JsonObject> events = events();
        assertThat(events).hasSize(2);
        // exactly these members (a line holds its event in canonical form: members in name order)
        assertThat(events.get(0)).isEqualTo(Wire.parse("{\"type\":\"refusal\",\"instance\":\"node-1\",\"server\":\"files\","
                + "\"status\":401,\"reason\":\"the token expired\",\"time\":\"2026-12-07T10:00:00Z\",\"method\":\"tools/call\","
                + "\"target\":\"read_file\",\"remoteAddress\":\"10.0.0.7\"}"));
        assertThat(events.get(1).getString("type")).isEqualTo("policy-reload");
        assertThat(events.get(1).getString("outcome")).isEqualTo("unchanged");
    }

    @Test
    void aCheckpointFollowsEveryNRecordsAndTheLastOneOnCloseAndTheHeadIsPublished() throws Exception {
        TrustedHead head = TrustedHead.file(dir.resolve("audit.jsonl.head"));
        Governed g = start(settings().checkpointEvery(3).trustedHead(head));
        for (int i = 0; i < 7; i++) {
            g.call(Governed.ALICE, "read_file", "{\"n\": " + i + "}");
        }
        auditor.close();

        List<AuditRecord> records = log.read(1, 100);
        List<String> types = records.stream().map(r -> r.event().getString("type")).toList();
        assertThat(types).containsExactly("decision", "decision", "decision", "checkpoint", "decision", "decision", "decision",
                "checkpoint", "decision", "checkpoint");
        Checkpoint first = Checkpoint.fromEvent(records.get(3).event());
        assertThat(first.sequence()).isEqualTo(3);
        assertThat(first.head()).isEqualTo(records.get(2).hash());
        assertThat(first.verifiedBy(key.publicKey())).isTrue();
        assertThat(head.latest()).hasValueSatisfying(c -> assertThat(c.sequence()).isEqualTo(9));
        assertThat(auditor.stats()).as("one sync per call, the checkpoints riding on them, and one at close")
                .isEqualTo(new AuditStats(7, 3, 0, 0, 0, 8));

        AuditCheck check = CheckpointVerifier.verify(log.file(), List.of(key.publicKey()), head.latest().orElseThrow());
        assertThat(check.intact()).as(check.toString()).isTrue();
        assertThat(check.checkpoints()).isEqualTo(3);
        assertThat(check.unsignedTail()).isZero();
    }

    @Test
    void aCheckpointIsWrittenAfterTheIntervalEvenWithFewRecords() throws Exception {
        Governed g = start(settings().checkpointInterval(Duration.ofMillis(50)));
        g.call(Governed.ALICE, "read_file", "{}");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (auditor.stats().checkpoints() == 0) {
            assertThat(System.nanoTime()).as("a checkpoint within 5s").isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(Checkpoint.fromEvent(log.read(2, 1).getFirst().event()).sequence()).isEqualTo(1);
    }

    @Test
    void aSignedInDecisionNamesTheApproverAndARefusedOneIsRecordedToo() throws Exception {
        auditor = settings().build();
        InMemoryStore store = new InMemoryStore();
        Approvals approvals = Approvals.builder(store, store,
                new byte[32], () -> URI.create("https://gw.example/approvals")).listener(auditor).build();
        Approval a = approvals.request(new Approvals.Call(
                "https://idp|carol", "carol", "https://idp", "carol", "payments", "tools/call", "pay", JsonObject.EMPTY,
                "big", "", "sha256:b", List.of()));
        Approver carol = new Approver("https://idp", "carol",
                "", "", Set.of("approvers"));
        Approver dave = new Approver("https://idp", "dave",
                "Dave D", "dave@example.com", Set.of("approvers"));
        approvals.refused(a, carol, Approvers.Refusal.SELF_APPROVAL);
        approvals.decide(a.id(), true, dave.describe(), dave);

        List<JsonObject> e = events();
        assertThat(e).extracting(r -> r.getString("event")).containsExactly("requested", "decision_refused", "approved");
        assertThat(e.get(1).getString("reason")).isEqualTo("self_approval");
        // lines hold members in canonical (name) order, so compare the objects, not their text
        assertThat(e.get(1).getObject("approver")).isEqualTo(Wire.parse("{\"iss\":\"https://idp\",\"sub\":\"carol\"}"));
        assertThat(e.get(2).getObject("approver")).isEqualTo(Wire.parse(
                "{\"iss\":\"https://idp\",\"sub\":\"dave\",\"name\":\"Dave D\",\"email\":\"dave@example.com\"}"));
        assertThat(e.get(2).getString("decidedBy")).isEqualTo("Dave D <dave@example.com> (dave at https://idp)");
    }
}
