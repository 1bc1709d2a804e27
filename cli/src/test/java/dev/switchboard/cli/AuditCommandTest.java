package dev.switchboard.cli;

import dev.switchboard.policy.audit.AuditKey;
import dev.switchboard.policy.audit.Auditor;
import dev.switchboard.policy.audit.Refusal;
import dev.switchboard.policy.audit.TrustedHead;
import dev.switchboard.state.embedded.FileAuditLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code audit verify|tail|keygen} on files: exit codes and what they print. */
class AuditCommandTest {
    @TempDir
    Path dir;
    private Path log;

    @BeforeEach
    void writeLog() throws Exception {
        assertThat(GovernedServeTest.run("audit", "keygen", dir.resolve("audit.key").toString()).exit()).isZero();
        log = dir.resolve("audit.jsonl");
        try (FileAuditLog file = FileAuditLog.open(log);
             Auditor auditor = Auditor.builder(file, AuditKey.read(dir.resolve("audit.key")), "node-1").checkpointEvery(2)
                     .trustedHead(TrustedHead.file(dir.resolve("audit.jsonl.head"))).build()) {
            for (int i = 0; i < 3; i++) {
                auditor.refused(new Refusal(null, "demo", null, null, null, 401, "no token " + i, "10.0.0.1", Instant.now()));
            }
        }
    }

    @Test
    void verifyNeedsTheRightPublicKey() throws Exception {
        GovernedServeTest.run("audit", "keygen", dir.resolve("other.key").toString());

        GovernedServeTest.Run wrong = GovernedServeTest.run("audit", "verify", log.toString(), "--public-key",
                dir.resolve("other.key.pub").toString());

        assertThat(wrong.exit()).isEqualTo(ExitCodes.AUDIT_BROKEN);
        assertThat(wrong.out()).startsWith("BROKEN at record 3 (FORGED): the checkpoint in record 3 is signed by key "
                + AuditKey.read(dir.resolve("audit.key")).id() + ", which is not among the keys given");
        GovernedServeTest.Run right = GovernedServeTest.run("audit", "verify", log.toString(), "--public-key",
                dir.resolve("other.key.pub").toString(), "--public-key", dir.resolve("audit.key.pub").toString());
        assertThat(right.exit()).as(right.out()).isZero();
    }

    @Test
    void verifyWithoutAHeadSaysWhatItCannotSee() {
        GovernedServeTest.Run run = GovernedServeTest.run("audit", "verify", log.toString(), "--no-head", "--public-key",
                dir.resolve("audit.key.pub").toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("OK: 5 records, 2 checkpoints with valid signatures (last signs record 4), last record 5 (")
                .contains("no trusted head given, so a cut-off tail would not show");
    }

    @Test
    void verifyReadsARotatedLogWithItsSegmentsAndNamesTheFileOfAProblem() throws Exception {
        Path rotating = dir.resolve("rotating/audit.jsonl");
        try (FileAuditLog file = FileAuditLog.open(rotating, dev.switchboard.state.audit.FsyncPolicy.onSync(), 1_500,
                java.time.Clock.systemUTC());
             Auditor auditor = Auditor.builder(file, AuditKey.read(dir.resolve("audit.key")), "node-1").checkpointEvery(4)
                     .trustedHead(TrustedHead.file(dir.resolve("rotating/audit.jsonl.head"))).build()) {
            for (int i = 0; i < 12; i++) {
                auditor.refused(new Refusal(null, "demo", null, null, null, 401, "no token " + i, "10.0.0.1", Instant.now()));
            }
        }
        java.util.List<Path> segments = FileAuditLog.segments(rotating);
        assertThat(segments).hasSizeGreaterThan(1);
        String key = dir.resolve("audit.key.pub").toString();

        GovernedServeTest.Run ok = GovernedServeTest.run("audit", "verify", rotating.toString(), "--public-key", key);
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).startsWith("OK: 15 records, 3 checkpoints with valid signatures")
                .contains("(" + (segments.size() + 1) + " files, as one chain: " + segments.getFirst().getFileName());
        assertThat(GovernedServeTest.run("audit", "tail", rotating.toString(), "-n", "20").out().lines()).hasSize(15);

        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(segments.getLast()));
        lines.set(0, lines.getFirst().replace("no token", "no tokem"));
        Files.write(segments.getLast(), lines);
        GovernedServeTest.Run broken = GovernedServeTest.run("audit", "verify", rotating.toString(), "--public-key", key);
        assertThat(broken.exit()).isEqualTo(ExitCodes.AUDIT_BROKEN);
        assertThat(broken.out()).contains("(line 1 of " + segments.getLast().getFileName() + ") was modified");

        // the files named one by one: the first segment alone is a complete (shorter) chain
        GovernedServeTest.Run first = GovernedServeTest.run("audit", "verify", segments.getFirst().toString(), "--no-head",
                "--public-key", key);
        assertThat(first.exit()).as(first.out()).isZero();
    }

    @Test
    void tailPrintsTheLastRecords() {
        String out = GovernedServeTest.run("audit", "tail", log.toString(), "-n", "2").out();

        assertThat(out.lines()).hasSize(2);
        assertThat(out.lines().toList().get(0)).contains("\"reason\":\"no token 2\"");
        assertThat(out.lines().toList().get(1)).contains("\"type\":\"checkpoint\"");
    }

    @Test
    void keygenRefusesToReplaceAKeyAndReadersRefuseAPublicKeyFileAsAKey() throws Exception {
        GovernedServeTest.Run again = GovernedServeTest.run("audit", "keygen", dir.resolve("audit.key").toString());
        assertThat(again.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(again.err()).contains("audit.key exists; a new key would orphan the checkpoints signed with it");

        assertThat(Files.readString(dir.resolve("audit.key.pub"))).contains("ed25519Public");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditKey.read(dir.resolve("audit.key.pub")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a public key file only verifies");
    }

    @Test
    void verifyRefusesAFileAndStateTogether() {
        GovernedServeTest.Run run = GovernedServeTest.run("audit", "verify", log.toString(), "--state", "redis://127.0.0.1:1",
                "--public-key", dir.resolve("audit.key.pub").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("give either a FILE or --state redis://...");
    }
}
