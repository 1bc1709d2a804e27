package dev.switchboard.state.contract;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.AuditLog;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.audit.AuditVerification;
import dev.switchboard.state.audit.AuditVerification.Kind;
import dev.switchboard.state.audit.AuditVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link AuditLog} backend must show (STYLE rule 33): appends form one hash
 * chain from the genesis hash, whoever appends (threads, instances); reopening continues the chain;
 * events come back intact; and the log exported as JSONL passes {@link AuditVerifier}, which finds a
 * modified, re-hashed, deleted, reordered or truncated record at the exact line.
 *
 * <p>Each test gets a log of its own name ({@link #openLog}); a subclass maps the name to a file or a
 * stream and exports the whole chain to a JSONL file on request ({@link #export}).
 */
public abstract class AuditLogContract {
    /** A directory private to the test, for files of the backend and of the test. */
    @TempDir
    protected Path dir;

    /** The log under test. */
    protected AuditLog log;
    private String name;

    /**
     * Opens the log named {@code name}; called again by a test that reopens it (after closing the
     * previous one), so the same name must give the same log.
     */
    protected abstract AuditLog openLog(String name);

    /** Writes the whole chain of {@code log} to the JSONL file {@code file} and returns it. */
    protected abstract Path export(AuditLog log, Path file) throws IOException;

    /**
     * {@code n} writers appending to the log of {@code name}, of which {@code log} is one. By default
     * the same log {@code n} times (threads share one writer); a backend shared by instances returns
     * other instances' writers. The subclass closes any it opens.
     */
    protected List<AuditLog> writers(String name, AuditLog log, int n) {
        return Collections.nCopies(n, log);
    }

    @BeforeEach
    void openTheLog() {
        name = "contract-" + UUID.randomUUID();
        log = openLog(name);
    }

    @AfterEach
    void closeTheLog() {
        log.close();
    }

    private static JsonObject event(int n) {
        return JsonObject.of("n", Json.of(n), "decision", Json.of(n % 2 == 0 ? "allow" : "deny"));
    }

    private List<AuditRecord> appendAll(int count) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(log.append(event(i)).orElseThrow());
        }
        return out;
    }

    private List<String> exportedLines(int count) throws IOException {
        appendAll(count);
        return Files.readAllLines(export(log, dir.resolve("export.jsonl")), StandardCharsets.UTF_8);
    }

    private AuditVerification verifyLines(List<String> lines) throws IOException {
        Path f = dir.resolve("tampered.jsonl");
        Files.write(f, lines, StandardCharsets.UTF_8);
        AuditVerification v = AuditVerifier.verify(f);
        assertThat(AuditVerifier.verify(lines)).as("the same verdict from lines in memory").isEqualTo(v);
        return v;
    }

    @Test
    void appendsFormOneChainFromTheGenesisHash() throws IOException {
        List<AuditRecord> records = appendAll(5);
        assertThat(records).extracting(AuditRecord::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(records.getFirst().previousHash()).isEqualTo(AuditRecord.GENESIS);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).isIntact()).isTrue();
            assertThat(records.get(i).follows(i == 0 ? null : records.get(i - 1))).isTrue();
            assertThat(records.get(i).event()).isEqualTo(event(i + 1));
        }
        AuditVerification v = AuditVerifier.verify(export(log, dir.resolve("export.jsonl")));
        assertThat(v.intact()).as("%s", v).isTrue();
        assertThat(v.records()).isEqualTo(5);
        assertThat(v.lastSequence()).isEqualTo(5);
        assertThat(v.lastHash()).isEqualTo(records.getLast().hash());
    }

    @Test
    void readReturnsRecordsFromASequenceOn() {
        List<AuditRecord> records = appendAll(6);
        assertThat(log.read(3, 2)).isEqualTo(records.subList(2, 4));
        assertThat(log.read(1, 100)).isEqualTo(records);
        assertThat(log.read(7, 10)).isEmpty();
    }

    @Test
    void awkwardEventsRoundTripAndVerify() throws IOException {
        JsonObject awkward = JsonSamples.awkward();
        AuditRecord r = log.append(awkward).orElseThrow();
        assertThat(r.event()).isEqualTo(awkward);
        assertThat(log.read(1, 1)).containsExactly(r);
        AuditVerification v = AuditVerifier.verify(export(log, dir.resolve("export.jsonl")));
        assertThat(v.intact()).as("%s", v).isTrue();
        assertThatThrownBy(() -> log.append(JsonObject.of("lone", Json.of("\ud800"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
        assertThat(log.append(event(2)).orElseThrow().sequence()).as("a refused event takes no place").isEqualTo(2);
    }

    @Test
    void reopeningTheLogContinuesTheChain() throws IOException {
        List<AuditRecord> before = appendAll(3);
        log.close();
        log = openLog(name);
        AuditRecord fourth = log.append(event(4)).orElseThrow();
        assertThat(fourth.sequence()).isEqualTo(4);
        assertThat(fourth.previousHash()).isEqualTo(before.getLast().hash());
        log.append(event(5));
        AuditVerification v = AuditVerifier.verify(export(log, dir.resolve("export.jsonl")));
        assertThat(v.intact()).as("%s", v).isTrue();
        assertThat(v.records()).isEqualTo(5);
    }

    @Test
    void concurrentWritersFormOneValidChain() throws Exception {
        int threads = 8;
        int each = 40;
        List<AuditLog> writers = writers(name, log, 4);
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                AuditLog writer = writers.get(t % writers.size());
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        writer.append(JsonObject.of("thread", Json.of(thread), "i", Json.of(i))).orElseThrow();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        Path file = export(log, dir.resolve("export.jsonl"));
        AuditVerification v = AuditVerifier.verify(file);
        assertThat(v.intact()).as("%s", v).isTrue();
        assertThat(v.records()).isEqualTo((long) threads * each);
        Set<JsonObject> events = new HashSet<>();
        List<Long> perThreadOrder = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonObject e = AuditRecord.parse(line).event();
            events.add(e);
            if (e.get("thread").equals(Json.of(0))) {
                perThreadOrder.add(((dev.switchboard.protocol.json.JsonNumber) e.get("i")).longValue());
            }
        }
        assertThat(events).as("every event exactly once").hasSize(threads * each);
        assertThat(perThreadOrder).as("one writer's events keep their order").isSorted();
    }

    // ---- tampering, found in the exported file -----------------------------------------------

    @Test
    void aModifiedRecordIsFoundAtItsLine() throws IOException {
        List<String> lines = new ArrayList<>(exportedLines(5));
        lines.set(2, lines.get(2).replace("\"deny\"", "\"allow\""));
        AuditVerification v = verifyLines(lines);
        assertThat(v.problem().kind()).isEqualTo(Kind.MODIFIED);
        assertThat(v.problem().line()).isEqualTo(3);
        assertThat(v.problem().sequence()).isEqualTo(3);
        assertThat(v.records()).as("the records before it are fine").isEqualTo(2);
    }

    @Test
    void aModifiedAndRehashedRecordBreaksTheNextLink() throws IOException {
        List<String> lines = new ArrayList<>(exportedLines(5));
        JsonObject third = (JsonObject) Wire.parse(lines.get(2));
        JsonObject forged = third.with("event", event(99)).without("hash");
        lines.set(2, Wire.toText(forged.with("hash", Json.of(AuditRecord.hashOf(forged)))));
        AuditVerification v = verifyLines(lines);
        assertThat(v.problem().kind()).isEqualTo(Kind.BROKEN_LINK);
        assertThat(v.problem().line()).isEqualTo(4);
        assertThat(v.problem().message()).contains("record 3 was modified");
    }

    @Test
    void aDeletedRecordIsFoundWhereItIsMissing() throws IOException {
        List<String> lines = new ArrayList<>(exportedLines(5));
        lines.remove(2);
        AuditVerification v = verifyLines(lines);
        assertThat(v.problem().kind()).isEqualTo(Kind.MISSING);
        assertThat(v.problem().line()).isEqualTo(3);
        assertThat(v.problem().message()).contains("record 3 is missing");
        assertThat(v.lastSequence()).isEqualTo(2);
    }

    @Test
    void reorderedRecordsAreFoundAtTheFirstOneOutOfPlace() throws IOException {
        List<String> lines = new ArrayList<>(exportedLines(5));
        Collections.swap(lines, 1, 3);
        AuditVerification v = verifyLines(lines);
        assertThat(v.problem().kind()).isEqualTo(Kind.REORDERED);
        assertThat(v.problem().line()).isEqualTo(2);
        assertThat(v.problem().message()).contains("record 2, which is at line 4");
    }

    @Test
    void aTruncatedLastLineIsFound() throws IOException {
        exportedLines(4);
        Path f = dir.resolve("export.jsonl");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        AuditVerification v = AuditVerifier.verify(f);
        assertThat(v.problem().kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(v.problem().line()).isEqualTo(4);
        assertThat(v.records()).isEqualTo(3);
    }
}
