package dev.switchboard.policy.audit;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.state.audit.AuditLog;
import dev.switchboard.state.audit.AuditRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** A full queue and a failing log: allowed calls fail closed, nothing disappears without a count and a log line. */
@Timeout(30)
class BackpressureTest {
    @TempDir
    Path dir;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger jul = Logger.getLogger(Auditor.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            warnings.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Auditor auditor;

    {
        jul.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        if (auditor != null) {
            auditor.close();
        }
        jul.removeHandler(capture);
    }

    /** A log whose appends wait for a permit (a slow disk) or fail while {@code failing}. */
    private static final class SlowLog implements AuditLog {
        final Semaphore permits = new Semaphore(0);
        final java.util.concurrent.atomic.AtomicInteger entered = new java.util.concurrent.atomic.AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();
        final List<JsonObject> written = new CopyOnWriteArrayList<>();
        private AuditRecord last;

        @Override
        public synchronized Optional<AuditRecord> append(JsonObject event) {
            entered.incrementAndGet();
            permits.acquireUninterruptibly();
            if (failing.get()) {
                throw new UncheckedIOException(new java.io.IOException("No space left on device"));
            }
            last = AuditRecord.next(last, Instant.now(), event);
            written.add(event);
            return Optional.of(last);
        }

        final java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void sync() {
            syncs.incrementAndGet();
        }

        @Override
        public List<AuditRecord> read(long fromSequence, int limit) {
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void whenTheQueueStaysFullAnAllowedCallIsRefusedAndADenialIsCountedAndLogged() throws Exception {
        SlowLog log = new SlowLog();
        auditor = Auditor.builder(log, AuditKey.generate(), "node-1").queueCapacity(1).maxWait(Duration.ofMillis(20))
                .durableWait(Duration.ZERO).closeTimeout(Duration.ofSeconds(5)).build(); // the queue alone
        Governed g = new Governed(dir, auditor);

        assertThat(g.call(Governed.ALICE, "read_file", "{\"n\": 1}")).isNull(); // taken by the writer, which blocks
        awaitWriterBlocked(log);
        assertThat(g.call(Governed.ALICE, "read_file", "{\"n\": 2}")).isNull(); // waits in the queue
        McpException full = g.call(Governed.ALICE, "read_file", "{\"n\": 3}");
        McpException denied = g.call(Governed.BOT, "delete_file", "{}");

        assertThat(full.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(full.getMessage()).contains("refused rather than run unaudited");
        assertThat(g.handled).as("the unaudited call never ran").hasValue(2);
        assertThat(denied.code()).as("a denial stays a denial").isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(auditor.stats().overflowed()).isEqualTo(2);
        assertThat(warnings).filteredOn(w -> w.startsWith("WARNING audit record not written (the queue stayed full"))
                .hasSize(2).anySatisfy(w -> assertThat(w).contains("\"decision\":\"deny\"", "agents-never-delete"));

        log.permits.release(100);
        assertThat(auditor.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(log.written).extracting(e -> e.getString("decision")).containsExactly("allow", "allow");
    }

    @Test
    void whileTheLogFailsAllowedCallsAreRefusedAndTheFailedEventIsWrittenOnceItRecovers() throws Exception {
        SlowLog log = new SlowLog();
        log.failing.set(true);
        log.permits.release(1000);
        auditor = Auditor.builder(log, AuditKey.generate(), "node-1").durableWait(Duration.ZERO).build();
        Governed g = new Governed(dir, auditor);

        assertThat(g.call(Governed.ALICE, "read_file", "{\"n\": 1}")).as("accepted before the failure was known").isNull();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (auditor.stats().failures() == 0) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
        }
        McpException refused = g.call(Governed.ALICE, "read_file", "{\"n\": 2}");
        assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(g.handled).hasValue(1);
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("SEVERE audit log append failed"));

        log.failing.set(false);
        assertThat(auditor.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(log.written).singleElement().satisfies(e -> assertThat(e.getString("decision")).isEqualTo("allow"));
        assertThat(g.call(Governed.ALICE, "read_file", "{\"n\": 3}")).as("allowed again once it works").isNull();
        assertThat(auditor.stats().overflowed()).isEqualTo(1);
    }

    @Test
    void closingWhileTheLogFailsAndTheQueueIsFullReturnsAndCountsWhatWasNotWritten() throws Exception {
        SlowLog log = new SlowLog();
        log.failing.set(true);
        log.permits.release(1000);
        auditor = Auditor.builder(log, AuditKey.generate(), "node-1").queueCapacity(1).maxWait(Duration.ZERO)
                .durableWait(Duration.ZERO).closeTimeout(Duration.ofMillis(200)).build();
        Governed g = new Governed(dir, auditor);
        assertThat(g.call(Governed.ALICE, "read_file", "{}")).isNull(); // the writer retries it
        awaitWriterBlocked(log);
        g.call(Governed.BOT, "delete_file", "{}"); // a denial still queues while there is room

        long start = System.nanoTime();
        auditor.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(log.written).isEmpty();
        assertThat(auditor.stats().overflowed()).as("both, each logged").isEqualTo(2);
        assertThat(warnings).filteredOn(w -> w.startsWith("WARNING audit record not written")).hasSize(2);
    }

    @Test
    void aCallIsAnsweredOnlyOnceItsRecordWithItsOutcomeIsDurableAndOneSyncCoversManyRecords() throws Exception {
        SlowLog log = new SlowLog();
        auditor = Auditor.builder(log, AuditKey.generate(), "node-1").build();
        Governed g = new Governed(dir, auditor);
        List<Thread> callers = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            callers.add(Thread.ofVirtual().start(() -> g.call(Governed.ALICE, "read_file", "{\"n\": " + n + "}")));
        }
        awaitWriterBlocked(log);
        Thread.sleep(100);
        // each call ran (its record holds its outcome), and none is answered before its record is durable
        assertThat(g.handled).hasValue(20);
        assertThat(callers).allMatch(Thread::isAlive);
        log.permits.release(1000);
        for (Thread t : callers) {
            t.join(Duration.ofSeconds(10));
        }
        assertThat(g.handled).hasValue(20);
        assertThat(log.written).hasSize(20);
        assertThat(log.syncs.get()).as("group commit: the callers waiting together share syncs").isBetween(1, 10);
    }

    @Test
    void anAllowedCallWhoseRecordIsNotDurableInTimeHasItsAnswerWithheldAndTheRecordStillWritten() throws Exception {
        SlowLog log = new SlowLog();
        auditor = Auditor.builder(log, AuditKey.generate(), "node-1").durableWait(Duration.ofMillis(200)).build();
        Governed g = new Governed(dir, auditor);
        McpException late = g.call(Governed.ALICE, "read_file", "{}");
        assertThat(late.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(late.getMessage()).contains("its answer is withheld");
        assertThat(g.handled).as("it ran; its answer is what is withheld").hasValue(1);
        log.permits.release(10);
        assertThat(auditor.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(log.written).singleElement().satisfies(e -> assertThat(e.getString("decision")).isEqualTo("allow"));
    }

    private static void awaitWriterBlocked(SlowLog log) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (log.entered.get() == 0) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(2);
        }
    }
}
