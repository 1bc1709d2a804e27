package dev.switchboard.policy.audit;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.audit.AuditVerification;
import dev.switchboard.state.embedded.FileAuditLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log of 6 decisions with a checkpoint after every 2 (records 3, 6 and 9 are checkpoints), then
 * tampered with in each way an attacker could, each named by the verifier.
 */
class CheckpointVerifierTest {
    @TempDir
    Path dir;
    private final AuditKey key = AuditKey.generate();
    private List<AuditRecord> records;
    private Checkpoint head;

    @BeforeEach
    void writeLog() throws Exception {
        TrustedHead trusted = TrustedHead.file(dir.resolve("audit.jsonl.head"));
        try (FileAuditLog log = FileAuditLog.open(dir.resolve("audit.jsonl"));
             Auditor auditor = Auditor.builder(log, key, "node-1").checkpointEvery(2).trustedHead(trusted).build()) {
            Governed g = new Governed(dir, auditor);
            for (int i = 0; i < 6; i++) {
                g.call(i % 3 == 2 ? Governed.BOT : Governed.ALICE, i % 3 == 2 ? "delete_file" : "read_file", "{\"n\": " + i + "}");
            }
        }
        records = AuditRecordsIn.file(dir.resolve("audit.jsonl"));
        head = trusted.latest().orElseThrow();
    }

    private AuditCheck verify(List<String> lines, Checkpoint trusted) {
        return CheckpointVerifier.verify(lines, List.of(key.publicKey()), trusted);
    }

    private List<String> lines(List<AuditRecord> rs) {
        return rs.stream().map(AuditRecord::toLine).toList();
    }

    /** The records with record {@code seq}'s event changed, every later record re-hashed onto it (an attacker without the key). */
    private List<String> rewritten(long seq, UnaryOperator<JsonObject> change) {
        List<String> out = new ArrayList<>();
        AuditRecord prev = null;
        for (AuditRecord r : records) {
            AuditRecord now = r.sequence() < seq ? r
                    : AuditRecord.next(prev, r.time(), r.sequence() == seq ? change.apply(r.event()) : r.event());
            out.add(now.toLine());
            prev = now;
        }
        return out;
    }

    @Test
    void anUntouchedLogVerifiesWithItsCheckpointsAndHead() throws Exception {
        AuditCheck check = CheckpointVerifier.verify(dir.resolve("audit.jsonl"), List.of(key.publicKey()), head);

        assertThat(check.intact()).as(check.toString()).isTrue();
        assertThat(records).hasSize(9);
        assertThat(check.checkpoints()).isEqualTo(3);
        assertThat(check.lastSigned()).isEqualTo(8);
        assertThat(head.sequence()).isEqualTo(8);
        assertThat(check.toString()).startsWith("OK: 9 records, 3 checkpoints with valid signatures (last signs record 8), last record 9 (")
                .endsWith("the trusted head (record 8, signed " + head.time() + ") matches");
    }

    @Test
    void anEditedRecordIsNamedByTheChain() {
        List<String> lines = new ArrayList<>(lines(records));
        lines.set(3, lines.get(3).replace("\"instance\":\"node-1\"", "\"instance\":\"node-9\""));

        AuditCheck check = verify(lines, head);

        assertThat(check.intact()).isFalse();
        assertThat(check.chain().problem().kind()).isEqualTo(AuditVerification.Kind.MODIFIED);
        assertThat(check.toString()).isEqualTo("BROKEN at line 4 (MODIFIED): record 4 (line 4) was modified: its content does not "
                + "match its hash");
    }

    @Test
    void aRewrittenAndReHashedChainIsNamedByTheFirstCheckpointAfterTheEdit() {
        List<String> lines = rewritten(4, e -> e.with("decision", Json.of("allow")));

        AuditCheck check = verify(lines, head);

        assertThat(check.chain().intact()).as("the attacker re-hashed the chain").isTrue();
        assertThat(check.problem().kind()).isEqualTo(AuditCheck.Kind.REWRITTEN);
        assertThat(check.problem().sequence()).isEqualTo(6);
        assertThat(check.problem().message()).contains("the checkpoint in record 6 signed hash " + records.get(4).hash()
                + " for record 5").contains("rewritten from record 5 or before");
        assertThat(check.checkpoints()).as("the checkpoint before the edit is good").isEqualTo(1);
    }

    @Test
    void aRewrittenChainWithItsCheckpointsRemovedIsNamedByTheTrustedHead() {
        List<AuditRecord> kept = new ArrayList<>();
        AuditRecord prev = null;
        for (AuditRecord r : records) {
            if (r.sequence() > 3 && Checkpoint.isCheckpoint(r.event())) {
                continue;
            }
            JsonObject event = r.sequence() == 4 ? r.event().with("decision", Json.of("allow")) : r.event();
            prev = AuditRecord.next(prev, r.time(), event);
            kept.add(prev);
        }
        AuditCheck withoutHead = verify(lines(kept), null);
        AuditCheck check = verify(lines(kept), head);

        assertThat(withoutHead.intact()).as("without a head, only the unsigned tail hints at it").isTrue();
        assertThat(withoutHead.unsignedTail()).isEqualTo(4);
        assertThat(check.problem().kind()).isEqualTo(AuditCheck.Kind.CUT_OFF);
        assertThat(check.problem().message()).contains("the trusted head signs record 8").contains("the log ends at record 7");
    }

    @Test
    void aCutOffTailIsNamedByTheTrustedHead() {
        List<String> lines = lines(records.subList(0, 6));

        assertThat(verify(lines, null).intact()).as("a shorter chain is still a chain").isTrue();
        AuditCheck check = verify(lines, head);
        assertThat(check.problem()).isEqualTo(new AuditCheck.Problem(AuditCheck.Kind.CUT_OFF, 8, "the trusted head signs record 8 "
                + "(signed " + head.time() + " by node-1) but the log ends at record 6: records 7 to at least 8 were cut off"));
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsForged() {
        AuditKey other = AuditKey.generate();
        List<String> lines = rewritten(6, e -> Checkpoint.sign(other, 5, records.get(4).hash(), Instant.now(), "node-1").toEvent());

        AuditCheck check = verify(lines, null);

        assertThat(check.problem().kind()).isEqualTo(AuditCheck.Kind.FORGED);
        assertThat(check.problem().message()).isEqualTo("the checkpoint in record 6 is signed by key " + other.id()
                + ", which is not among the keys given");
    }

    @Test
    void aCheckpointWhoseSignedFieldsWereEditedIsForged() {
        List<String> lines = rewritten(3, e -> e.with("instance", Json.of("node-2")));

        AuditCheck check = verify(lines, null);

        assertThat(check.problem().kind()).isEqualTo(AuditCheck.Kind.FORGED);
        assertThat(check.problem().sequence()).isEqualTo(3);
        assertThat(check.problem().message()).contains("does not verify with key " + key.id());
    }

    @Test
    void aForgedTrustedHeadIsNamed() {
        Checkpoint forged = Checkpoint.sign(AuditKey.generate(), 12, AuditRecord.GENESIS, Instant.now(), "node-1");

        AuditCheck check = verify(lines(records), forged);

        assertThat(check.problem().kind()).isEqualTo(AuditCheck.Kind.FORGED);
        assertThat(check.problem().message()).isEqualTo("the trusted head's signature does not verify with the keys given");
    }

    @Test
    void keysReadBackFromTheirFilesVerify() throws Exception {
        key.write(dir.resolve("audit.key"));
        key.writePublic(dir.resolve("audit.pub"));
        PublicKey fromPublic = AuditKey.readPublic(dir.resolve("audit.pub"));

        assertThat(AuditKey.read(dir.resolve("audit.key"))).isEqualTo(key);
        assertThat(AuditKey.readPublic(dir.resolve("audit.key"))).isEqualTo(fromPublic).isEqualTo(key.publicKey());
        assertThat(Files.readString(dir.resolve("audit.pub"))).doesNotContain("hmac", "Private");
        assertThat(CheckpointVerifier.verify(lines(records), List.of(fromPublic), head).intact()).isTrue();
    }

    /** Reads a JSONL log. */
    static final class AuditRecordsIn {
        static List<AuditRecord> file(Path file) throws java.io.IOException {
            return Files.readAllLines(file).stream().map(AuditRecord::parse).toList();
        }
    }
}
