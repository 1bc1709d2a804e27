package dev.switchboard.state.audit;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.AuditVerification.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Verifier verdicts beyond the contract's tampering cases. */
class AuditVerifierTest {
    @TempDir
    Path dir;

    private static List<String> chain(int n) {
        List<String> lines = new ArrayList<>();
        AuditRecord prev = null;
        for (int i = 1; i <= n; i++) {
            prev = AuditRecord.next(prev, Instant.parse("2026-07-28T10:00:00Z").plusMillis(i), JsonObject.of("i", Json.of(i)));
            lines.add(prev.toLine());
        }
        return lines;
    }

    @Test
    void anEmptyLogIsIntact() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.jsonl"));
        AuditVerification v = AuditVerifier.verify(f);
        assertThat(v.intact()).isTrue();
        assertThat(v.records()).isZero();
        assertThat(v.lastHash()).isEqualTo(AuditRecord.GENESIS);
    }

    @Test
    void aRepeatedRecordIsOutOfOrder() {
        List<String> lines = chain(4);
        lines.add(3, lines.get(1));
        AuditVerification v = AuditVerifier.verify(lines);
        assertThat(v.problem().kind()).isEqualTo(Kind.REORDERED);
        assertThat(v.problem().line()).isEqualTo(4);
        assertThat(v.problem().sequence()).isEqualTo(2);
    }

    @Test
    void severalDeletedRecordsAreNamed() {
        List<String> lines = chain(6);
        lines.subList(1, 4).clear();
        AuditVerification v = AuditVerifier.verify(lines);
        assertThat(v.problem().kind()).isEqualTo(Kind.MISSING);
        assertThat(v.problem().message()).contains("records 2 to 4 are missing before line 2");
    }

    @Test
    void aLogWhoseBeginningWasCutOffIsBroken() {
        List<String> lines = chain(3);
        lines.removeFirst();
        assertThat(AuditVerifier.verify(lines).problem().kind()).isEqualTo(Kind.MISSING);
    }

    @Test
    void aForeignFirstRecordDoesNotStartFromGenesis() {
        AuditRecord foreign = AuditRecord.next(0, "a".repeat(64), Instant.EPOCH, JsonObject.EMPTY);
        AuditVerification v = AuditVerifier.verify(List.of(foreign.toLine()));
        assertThat(v.problem().kind()).isEqualTo(Kind.BROKEN_LINK);
        assertThat(v.problem().message()).contains("genesis");
    }

    @Test
    void linesThatAreNotRecordsAreMalformedAndNamed() {
        List<String> lines = chain(3);
        lines.set(1, "not json");
        assertThat(AuditVerifier.verify(lines).problem()).extracting(AuditVerification.Problem::kind, AuditVerification.Problem::line)
                .containsExactly(Kind.MALFORMED, 2L);

        List<String> extra = chain(2);
        JsonObject o = (JsonObject) Wire.parse(extra.get(1));
        extra.set(1, Wire.toText(o.with("note", Json.of("added"))));
        AuditVerification v = AuditVerifier.verify(extra);
        assertThat(v.problem().kind()).isEqualTo(Kind.MALFORMED);
        assertThat(v.problem().message()).contains("unexpected member \"note\"");

        List<String> blank = chain(2);
        blank.add(1, "");
        assertThat(AuditVerifier.verify(blank).problem().kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void anUnfinishedLastLineInAFileIsTruncatedButInAListMalformed() throws IOException {
        List<String> lines = chain(2);
        String cut = lines.get(1).substring(0, 30);
        Path f = dir.resolve("cut.jsonl");
        Files.writeString(f, lines.getFirst() + "\n" + cut);
        assertThat(AuditVerifier.verify(f).problem().kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(AuditVerifier.verify(List.of(lines.getFirst(), cut)).problem().kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void aCompleteLastRecordWithoutLineBreakIsFine() throws IOException {
        List<String> lines = chain(2);
        Path f = dir.resolve("no-break.jsonl");
        Files.writeString(f, lines.getFirst() + "\n" + lines.get(1));
        assertThat(AuditVerifier.verify(f).intact()).isTrue();
    }

    @Test
    void aTimeSpelledOtherwiseIsMalformedNotMisHashed() {
        List<String> lines = chain(1);
        lines.set(0, lines.getFirst().replace("10:00:00.001Z", "10:00:00.0010Z"));
        assertThat(AuditVerifier.verify(lines).problem().kind()).isEqualTo(Kind.MALFORMED);
    }
}
