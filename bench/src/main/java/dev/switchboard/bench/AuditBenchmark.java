package dev.switchboard.bench;

import dev.switchboard.policy.Decision;
import dev.switchboard.policy.PolicyEngine;
import dev.switchboard.policy.PolicyRequest;
import dev.switchboard.policy.audit.AuditKey;
import dev.switchboard.policy.audit.AuditStats;
import dev.switchboard.policy.audit.Auditor;
import dev.switchboard.policy.audit.TrustedHead;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.server.Cancellation;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestContext;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.audit.FsyncPolicy;
import dev.switchboard.state.embedded.FileAuditLog;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The audit trail with durability on: {@link Auditor} (the governance chain's
 * {@link dev.switchboard.policy.DecisionListener}) over a {@link FileAuditLog}, as
 * {@code switchboard serve|gateway --audit FILE --audit-key KEY} wires it (default settings: queue
 * of 10,000, checkpoint every 1,000 records, the trusted head in {@code FILE.head}).
 *
 * <p>How a request meets the log: the policy interceptor calls {@link Auditor#decided}, which puts
 * the record on a bounded queue and waits until it is durable; one writer thread takes everything
 * waiting (up to 256 records), appends it, and forces it to the device once
 * ({@link FsyncPolicy#onSync()}: group commit, what the CLI uses). So, per operation:
 *
 * <ul>
 *   <li>{@code record}: {@link Auditor#decided} of an allowed {@code tools/call}, the request's real
 *       path: returns once the record is durable. Its rate at N threads is what N concurrent
 *       requests can get recorded; its latency (sample mode) what each waits.</li>
 *   <li>{@code append}: {@link FileAuditLog#append} of the same event from the benchmark threads
 *       directly, without the auditor: with {@code every-append}, one fsync per record (no group
 *       commit), the ceiling before group commit.</li>
 * </ul>
 *
 * each with {@code fsync} = {@code on-sync} (group commit: what the CLI runs) and {@code every-append}
 * (one fsync per record, for {@code append}; {@code record} then pays both).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.switchboard.bench.AuditBenchmark} runs
 * every combination at 1 and 16 threads, in throughput and sample-time mode, and prints a table;
 * JMH options ({@code -t}, {@code -p fsync=every-append}, {@code -wi}, {@code -i}, a regex such as
 * {@code AuditBenchmark.record$}) pass through. The log lives in a fresh temp dir (the JDK's
 * default, {@code /tmp}; {@code -jvmArgsAppend -Djava.io.tmpdir=DIR} for another device), deleted
 * after each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AuditBenchmark {
    /** Threads when the command line does not say ({@code -t}). */
    static final int[] THREADS = {1, 16};
    static final Principal CALLER = new Principal("https://login.bench.example", "bench-user", List.of(), Set.of("mcp"));
    /**
     * The auditor logs every record it cannot queue at WARNING with its content; the trial counts
     * them instead ({@code refused}, and "not written" after the trial). Held here because JUL keeps
     * only weak references to its loggers.
     */
    private static final Logger AUDITOR_LOG = Logger.getLogger(Auditor.class.getName());

    /** {@code on-sync} (group commit, what the CLI runs) or {@code every-append} (fsync per record). */
    @Param({"on-sync", "every-append"})
    public String fsync;

    private Path dir;
    private FileAuditLog log;
    private Auditor auditor;
    private PolicyRequest call;
    private Decision decision;
    private RequestContext context;
    private JsonObject event;

    /** Opens the log in a fresh temp dir and starts the auditor; decides the call once. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        FsyncPolicy policy = switch (fsync) {
            case "on-sync" -> FsyncPolicy.onSync();
            case "every-append" -> FsyncPolicy.everyAppend();
            case "on-close" -> FsyncPolicy.onClose();
            default -> throw new IllegalArgumentException("fsync is on-sync, every-append or on-close, not " + fsync);
        };
        AUDITOR_LOG.setLevel(java.util.logging.Level.SEVERE);
        dir = Files.createTempDirectory("sb-audit-bench-");
        Path file = dir.resolve("audit.jsonl");
        log = FileAuditLog.open(file, policy);
        AuditKey key = AuditKey.generate();
        auditor = Auditor.builder(log, key, "bench-1")
                .trustedHead(TrustedHead.file(dir.resolve("audit.jsonl.head")))
                .closeTimeout(Duration.ofMinutes(2)) // a full queue of fsynced records takes ~10 s to drain
                .build();
        Path bundle = Files.writeString(dir.resolve("policy.yaml"), """
                rules:
                  - id: echo
                    match: {tools: [echo]}
                    when: principal.subject != "" && args.text != ""
                    effect: allow
                """);
        call = PolicyRequest.toolCall(CALLER, "dev.switchboard/gateway", "echo", JsonObject.of("text", Json.of("hello")));
        decision = PolicyEngine.load(bundle).evaluate(call);
        if (!decision.allowed()) {
            throw new IllegalStateException("setup: the call should be allowed: " + decision.toJson());
        }
        context = new BenchContext(RequestId.of(1), CALLER);
        // what Auditor.decided builds, for the direct appends
        event = JsonObject.builder().put("type", "decision").put("instance", "bench-1")
                .put("requestId", context.requestId().toJson()).put("server", call.server()).put("method", call.method())
                .put("target", call.target()).put("principal", CALLER.toJson()).put("args", key.hashArguments(call.args()))
                .putAll(decision.toJson()).build();
    }

    /** Drains the auditor, closes the log, reports what could not be written, and deletes the files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        long start = System.nanoTime();
        auditor.close();
        AuditStats stats = auditor.stats();
        long records = log.last().map(AuditRecord::sequence).orElse(0L);
        log.close();
        System.out.printf("%naudit log: %,d records (%,d bytes); the auditor wrote %,d records and %,d checkpoints in %,d syncs, draining "
                        + "its queue took %,d ms at the end; %,d records not written (queue full or closed), %,d append failures%n",
                records, Files.size(log.file()), stats.recorded(), stats.checkpoints(), stats.syncs(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), stats.overflowed(), stats.failures());
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    /** Per-thread count of calls the auditor refused (queue full for 100 ms): a JMH secondary result. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Refusals {
        /** Allowed calls refused with -31503 because their record could not be queued. */
        public long refused;
    }

    /** The request's path: queue the decision's record and wait until it is durable. */
    @Benchmark
    public void record(Refusals r) {
        try {
            auditor.decided(call, context, decision);
        } catch (McpException e) {
            r.refused++;
        }
    }

    /** Append the same event to the log directly (no queue, no writer thread). */
    @Benchmark
    public Object append() {
        return log.append(event);
    }

    /**
     * Runs the benchmark in throughput and sample-time mode at each thread count (JMH's {@code -t},
     * else {@link #THREADS}), passing the other JMH options through, then prints one table.
     */
    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        List<Integer> threads = new ArrayList<>();
        if (cli.getThreads().hasValue()) {
            threads.add(cli.getThreads().get());
        } else {
            for (int t : THREADS) {
                threads.add(t);
            }
        }
        List<RunResult> results = new ArrayList<>();
        for (int t : threads) {
            // one run per mode, so that rates are in records/s and latencies in µs
            for (Mode mode : List.of(Mode.Throughput, Mode.SampleTime)) {
                ChainedOptionsBuilder options = new OptionsBuilder().parent(cli).threads(t).mode(mode)
                        .timeUnit(mode == Mode.Throughput ? TimeUnit.SECONDS : TimeUnit.MICROSECONDS);
                if (cli.getIncludes().isEmpty()) {
                    options.include(AuditBenchmark.class.getName() + "\\.");
                }
                results.addAll(new Runner(options.build()).run());
            }
        }
        System.out.println();
        System.out.println("| fsync | operation | threads | ops/s | of which refused/s | p50 µs | p99 µs | p99.9 µs |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        results.stream()
                .filter(r -> r.getParams().getMode() == Mode.Throughput)
                .sorted(Comparator.comparing((RunResult r) -> r.getParams().getParam("fsync"))
                        .thenComparing(r -> r.getParams().getBenchmark())
                        .thenComparingInt(r -> r.getParams().getThreads()))
                .forEach(r -> {
                    Result<?> sample = results.stream()
                            .filter(s -> s.getParams().getMode() == Mode.SampleTime
                                    && s.getParams().getBenchmark().equals(r.getParams().getBenchmark())
                                    && s.getParams().getParam("fsync").equals(r.getParams().getParam("fsync"))
                                    && s.getParams().getThreads() == r.getParams().getThreads())
                            .findFirst().map(RunResult::getPrimaryResult).orElse(null);
                    Result<?> rate = r.getPrimaryResult();
                    Result<?> refused = r.getSecondaryResults().get("refused");
                    String name = r.getParams().getBenchmark();
                    System.out.printf("| %s | %s | %d | %s | %s | %s | %s | %s |%n", r.getParams().getParam("fsync"),
                            name.substring(name.lastIndexOf('.') + 1), r.getParams().getThreads(),
                            String.format("%,.0f", rate.getScore())
                                    + (Double.isNaN(rate.getScoreError()) ? "" : String.format(" ± %,.0f", rate.getScoreError())),
                            refused == null ? "-" : String.format("%,.0f", refused.getScore()),
                            percentile(sample, 50), percentile(sample, 99), percentile(sample, 99.9));
                });
    }

    private static String percentile(Result<?> sample, double p) {
        return sample == null ? "-" : String.format("%,.1f", sample.getStatistics().getPercentile(p));
    }

    /** The parts of a request's context the auditor reads (its id); the rest is what a plain call has. */
    private record BenchContext(RequestId requestId, Principal principal) implements RequestContext {
        @Override
        public String method() {
            return "tools/call";
        }

        @Override
        public String protocolVersion() {
            return "2026-07-28";
        }

        @Override
        public ClientCapabilities clientCapabilities() {
            return null;
        }

        @Override
        public Implementation clientInfo() {
            return null;
        }

        @Override
        public JsonObject meta() {
            return JsonObject.EMPTY;
        }

        @Override
        public Cancellation cancellation() {
            return null;
        }

        @Override
        public void progress(double progress, Double total, String message) {
        }

        @Override
        public void log(LoggingLevel level, String logger, Json data) {
        }

        @Override
        public LoggingLevel logLevel() {
            return null;
        }

        @Override
        public boolean isLoggable(LoggingLevel level) {
            return false;
        }
    }
}
