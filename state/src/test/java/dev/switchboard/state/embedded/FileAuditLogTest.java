package dev.switchboard.state.embedded;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.audit.AuditVerifier;
import dev.switchboard.state.audit.FsyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What only the file backend does: crash repair, one writer, fsync policies, imports. */
class FileAuditLogTest {
    @TempDir
    Path dir;

    private static JsonObject event(int n) {
        return JsonObject.of("n", Json.of(n));
    }

    @Test
    void anUnfinishedLastLineIsMovedAsideAndTheChainResumes() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        AuditRecord second;
        try (FileAuditLog log = FileAuditLog.open(file)) {
            log.append(event(1));
            second = log.append(event(2)).orElseThrow();
        }
        String torn = "{\"seq\":3,\"time\":\"2026-07-28T10:00:00Z\",\"prev\":\"" + second.hash() + "\",\"ev";
        Files.writeString(file, torn, StandardOpenOption.APPEND);
        assertThat(AuditVerifier.verify(file).problem().kind()).isEqualTo(dev.switchboard.state.audit.AuditVerification.Kind.TRUNCATED);

        try (FileAuditLog log = FileAuditLog.open(file)) {
            Path aside = log.truncatedTail().orElseThrow();
            assertThat(Files.readString(aside)).isEqualTo(torn);
            assertThat(log.last()).contains(second);
            AuditRecord third = log.append(event(3)).orElseThrow();
            assertThat(third.follows(second)).isTrue();
        }
        assertThat(AuditVerifier.verify(file).intact()).isTrue();
        assertThat(AuditVerifier.verify(file).records()).isEqualTo(3);
    }

    @Test
    void aCompleteLastRecordMissingOnlyItsLineBreakIsKept() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(file)) {
            log.append(event(1));
            log.append(event(2));
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1)); // drop the final '\n'
        try (FileAuditLog log = FileAuditLog.open(file)) {
            assertThat(log.truncatedTail()).isEmpty();
            assertThat(log.append(event(3)).orElseThrow().sequence()).isEqualTo(3);
        }
        assertThat(AuditVerifier.verify(file).records()).isEqualTo(3);
    }

    @Test
    void aDamagedLastRecordRefusesToOpen() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(file)) {
            log.append(event(1));
            log.append(event(2));
        }
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(1).replace("\"n\":2", "\"n\":3")));
        assertThatThrownBy(() -> FileAuditLog.open(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("last record is damaged");
    }

    @Test
    void aSecondWriterIsRefused() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(file)) {
            assertThatThrownBy(() -> FileAuditLog.open(file)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exactly one writer");
            log.append(event(1));
        }
        try (FileAuditLog again = FileAuditLog.open(file)) {
            assertThat(again.last().orElseThrow().sequence()).isEqualTo(1);
        }
    }

    @Test
    void everyFsyncPolicyWritesTheSameChain() throws IOException {
        for (FsyncPolicy policy : List.of(FsyncPolicy.everyAppend(), FsyncPolicy.periodic(Duration.ofMillis(10)), FsyncPolicy.onSync(),
                FsyncPolicy.onClose())) {
            Path file = dir.resolve("audit-" + policy.hashCode() + ".jsonl");
            try (FileAuditLog log = FileAuditLog.open(file, policy)) {
                for (int i = 0; i < 20; i++) {
                    log.append(event(i));
                }
                log.sync();
                assertThat(AuditVerifier.verify(file).records()).as("%s: readable before close", policy).isEqualTo(20);
            }
            assertThat(AuditVerifier.verify(file).intact()).as("%s", policy).isTrue();
        }
        assertThatThrownBy(() -> FsyncPolicy.periodic(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onSyncHoldsRecordsUntilSyncThenWritesThemTogether() throws IOException {
        Path file = dir.resolve("batch.jsonl");
        try (FileAuditLog log = FileAuditLog.open(file, FsyncPolicy.onSync())) {
            AuditRecord third = null;
            for (int i = 0; i < 3; i++) {
                third = log.append(event(i)).orElseThrow();
            }
            assertThat(Files.size(file)).as("held until sync").isZero();
            assertThat(log.last()).contains(third);
            log.sync();
            assertThat(Files.readAllLines(file)).hasSize(3);
            assertThat(AuditVerifier.verify(file).intact()).isTrue();

            log.append(event(3));
            assertThat(log.read(1, 10)).as("what was appended is readable before it is synced").hasSize(4);
            assertThat(Files.readAllLines(file)).hasSize(4);
            AuditRecord fifth = AuditRecord.next(log.last().orElseThrow(), Instant.parse("2026-07-28T10:00:00Z"), event(4));
            log.append(event(5)); // held, so an imported record must follow it, not the file's last line
            assertThatThrownBy(() -> log.appendChained(fifth)).isInstanceOf(IllegalArgumentException.class);
            log.append(event(6));
        }
        assertThat(AuditVerifier.verify(file).records()).as("close writes what was held").isEqualTo(6);
        assertThat(AuditVerifier.verify(file).intact()).isTrue();
        try (FileAuditLog log = FileAuditLog.open(file, FsyncPolicy.onSync())) {
            assertThat(log.append(event(7)).orElseThrow().sequence()).isEqualTo(7);
        }
    }

    @Test
    void onSyncWritesALongBatchInPartsAndLosesNothing() throws IOException {
        Path file = dir.resolve("long.jsonl");
        String big = "x".repeat(100_000);
        try (FileAuditLog log = FileAuditLog.open(file, FsyncPolicy.onSync())) {
            for (int i = 0; i < 30; i++) { // 3 MB: beyond what is held in memory
                log.append(JsonObject.of("n", Json.of(i), "pad", Json.of(big)));
            }
            assertThat(Files.size(file)).as("the first part is written before sync").isPositive();
            log.sync();
        }
        assertThat(AuditVerifier.verify(file).records()).isEqualTo(30);
        assertThat(AuditVerifier.verify(file).intact()).isTrue();
    }

    @Test
    void aLogRotatesAtItsSizeAndTheChainGoesOnAcrossSegments() throws IOException {
        for (FsyncPolicy policy : List.of(FsyncPolicy.onSync(), FsyncPolicy.everyAppend())) {
            Path file = dir.resolve(policy.getClass().getSimpleName() + "/audit.jsonl");
            try (FileAuditLog log = FileAuditLog.open(file, policy, 2_000, java.time.Clock.systemUTC())) {
                for (int i = 1; i <= 50; i++) {
                    log.append(event(i));
                    if (i % 3 == 0) {
                        log.sync(); // batches of 3, as the auditor writes them
                    }
                }
            }
            List<Path> segments = FileAuditLog.segments(file);
            assertThat(segments).as("%s", policy).hasSizeGreaterThan(2);
            long next = 1;
            for (Path segment : segments) { // named by their first and last records, in chain order
                List<String> lines = Files.readAllLines(segment);
                assertThat(Files.size(segment)).isGreaterThanOrEqualTo(2_000);
                long first = AuditRecord.parse(lines.getFirst()).sequence();
                long last = AuditRecord.parse(lines.getLast()).sequence();
                assertThat(first).isEqualTo(next);
                assertThat(segment.getFileName().toString()).isEqualTo(String.format("audit.%012d-%012d.jsonl", first, last));
                next = last + 1;
            }
            List<Path> all = new java.util.ArrayList<>(segments);
            all.add(file);
            assertThat(AuditVerifier.verifyFiles(all).intact()).isTrue();
            assertThat(AuditVerifier.verifyFiles(all).records()).isEqualTo(50);
            assertThat(AuditVerifier.verify(file).intact()).as("the last file alone does not start the chain").isFalse();

            try (FileAuditLog log = FileAuditLog.open(file, policy, 2_000, java.time.Clock.systemUTC())) {
                assertThat(log.append(event(51)).orElseThrow().sequence()).isEqualTo(51);
            }
            all = new java.util.ArrayList<>(FileAuditLog.segments(file));
            all.add(file);
            assertThat(AuditVerifier.verifyFiles(all).records()).isEqualTo(51);
        }
    }

    @Test
    void anEmptyOrMissingFileContinuesTheNewestSegment() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(file)) {
            for (int i = 1; i <= 4; i++) {
                log.append(event(i));
            }
        }
        // as a crash right after the move leaves it: the segment, and no file yet
        Files.move(file, dir.resolve("audit.000000000001-000000000004.jsonl"));
        try (FileAuditLog log = FileAuditLog.open(file)) {
            AuditRecord fifth = log.append(event(5)).orElseThrow();
            assertThat(fifth.sequence()).isEqualTo(5);
        }
        assertThat(AuditVerifier.verifyFiles(List.of(dir.resolve("audit.000000000001-000000000004.jsonl"), file)).intact()).isTrue();
    }

    @Test
    void verifyingSegmentsNamesTheFileAndLineOfTheFirstProblem() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(file, FsyncPolicy.everyAppend(), 1_000, java.time.Clock.systemUTC())) {
            for (int i = 1; i <= 30; i++) {
                log.append(event(i));
            }
        }
        List<Path> segments = FileAuditLog.segments(file);
        assertThat(segments).hasSizeGreaterThan(2);
        Path second = segments.get(1);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(second));
        lines.set(1, lines.get(1).replace("\"n\":", "\"n\":1"));
        Files.write(second, lines);
        List<Path> all = new java.util.ArrayList<>(segments);
        all.add(file);
        var v = AuditVerifier.verifyFiles(all);
        assertThat(v.problem().kind()).isEqualTo(dev.switchboard.state.audit.AuditVerification.Kind.MODIFIED);
        assertThat(v.problem().message()).contains("(line 2 of " + second.getFileName() + ")");

        all.remove(second); // a segment left out (or deleted)
        Files.write(second, Files.readAllLines(second)); // unchanged content is irrelevant now
        v = AuditVerifier.verifyFiles(all);
        assertThat(v.problem().kind()).isEqualTo(dev.switchboard.state.audit.AuditVerification.Kind.MISSING);
        assertThat(v.problem().message()).contains("missing before line 1 of " + segments.get(2).getFileName());
    }

    @Test
    void importedRecordsMustContinueTheChain() throws IOException {
        AuditRecord first = AuditRecord.next(null, Instant.parse("2026-07-28T10:00:00Z"), event(1));
        AuditRecord second = AuditRecord.next(first, Instant.parse("2026-07-28T10:00:01Z"), event(2));
        try (FileAuditLog log = FileAuditLog.open(dir.resolve("copy.jsonl"))) {
            assertThatThrownBy(() -> log.appendChained(second)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("which is empty");
            log.appendChained(first);
            AuditRecord forged = new AuditRecord(2, second.time(), second.previousHash(), event(3), second.hash());
            assertThatThrownBy(() -> log.appendChained(forged)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not match its hash");
            log.appendChained(second);
            assertThat(log.append(event(3)).orElseThrow().follows(second)).isTrue();
        }
    }

    @Test
    void aClosedLogRefusesAppendsAndClosingTwiceIsFine() throws IOException {
        FileAuditLog log = FileAuditLog.open(dir.resolve("audit.jsonl"));
        log.close();
        log.close();
        assertThatThrownBy(() -> log.append(event(1))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void recordsAreOneLineEachInUtf8() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(file)) {
            log.append(JsonObject.of("text", Json.of("line one\nline two – ü 😀")));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).contains("ü 😀");
    }
}
