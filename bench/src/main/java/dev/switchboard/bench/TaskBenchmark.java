package dev.switchboard.bench;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Principal;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.server.tasks.TaskPolicy;
import dev.switchboard.state.embedded.InMemoryTaskStore;
import dev.switchboard.state.redis.RedisState;
import dev.switchboard.state.tasks.TaskRecord;
import dev.switchboard.state.tasks.TaskStatus;
import dev.switchboard.state.tasks.TaskStore;
import dev.switchboard.testkit.RedisServer;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Tasks extension at the level a client feels it, without HTTP: {@code tools/call} of a
 * trivial {@link TaskPolicy#required() task-only} tool (answered with {@code CreateTaskResult} once
 * the task is stored) and {@code tasks/get} of an existing, completed task, each bytes to bytes
 * through {@link McpServer#handle} as {@link DispatchBenchmark} does, on the embedded store and on
 * Redis. For {@code redis} the trial starts its own {@code redis-server} ({@link RedisServer}; no
 * RDB, no append-only file) on a free port and stops it afterwards.
 *
 * <p>What one {@code createTask} costs includes what the runtime does for the task in the
 * background on the same cores (a virtual thread runs the tool and stores {@code completed}, and
 * the status change is published on the bus), since a server pays it for every task it creates.
 * Created tasks live {@value #CREATED_TTL_SECONDS} s, so the store holds a steady number of them
 * during a run; {@code getTask} reads a random one of {@value #POOL} tasks created and completed
 * before the trial (default time to live, one hour).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.switchboard.bench.TaskBenchmark} runs
 * every combination at 1 and 8 client threads, in throughput and in sample-time mode, and ends with
 * a table (ops/s, p50, p99, p99.9); JMH options ({@code -f}, {@code -wi}, {@code -i}, {@code -t},
 * {@code -p backend=redis}…) pass through. {@code java -jar bench/target/benchmarks.jar TaskBenchmark}
 * runs it as a plain JMH benchmark instead (throughput only).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TaskBenchmark {
    static final Principal PRINCIPAL = Principal.user("", "bench", java.util.Set.of());
    static final int POOL = 1_000;
    static final int CREATED_TTL_SECONDS = 5;
    /** Client threads when the command line does not say ({@code -t}). */
    static final int[] THREADS = {1, 8};
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";
    static final byte[] CREATE = call("noop");

    /** {@code embedded} (the in-process store and bus) or {@code redis} (RedisState on a fresh redis-server). */
    @Param({"embedded", "redis"})
    public String backend;

    private Path redisDir;
    private RedisServer redis;
    private RedisState state;
    private McpServer server;
    private byte[][] gets;

    /** Starts the backend and the server, and creates the pool of tasks for {@code getTask}. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        TaskStore store;
        if (backend.equals("redis")) {
            redisDir = Files.createTempDirectory("sb-task-bench-");
            redis = RedisServer.start(RedisServer.findBinary().orElseThrow(() -> new IllegalStateException(
                    "redis-server not found: put it on the PATH or pass -Dswitchboard.redis.server=/path/to/redis-server")),
                    redisDir, "--appendonly", "no");
            state = RedisState.connect(redis.uri());
            store = state.tasks();
        } else if (backend.equals("embedded")) {
            store = new InMemoryTaskStore();
        } else {
            throw new IllegalArgumentException("backend is embedded or redis, not " + backend);
        }
        JsonObject noArgs = JsonObject.of("type", Json.of("object"));
        ToolHandler done = ToolHandler.of(c -> CallToolResult.of(TextContent.of("done")));
        server = DemoServer.create(b -> {
            b.tool(Tool.of("noop", "Does nothing, as a task", noArgs), done,
                    TaskPolicy.required().ttl(Duration.ofSeconds(CREATED_TTL_SECONDS)));
            b.tool(Tool.of("noop_kept", "Does nothing, as a task kept an hour", noArgs), done, TaskPolicy.required());
            b.taskStore(store);
            if (state != null) {
                b.eventBus(state.bus()).keyValue(state.store()).counters(state.store());
            }
        });
        gets = new byte[POOL][];
        byte[] kept = call("noop_kept");
        for (int i = 0; i < POOL; i++) {
            JsonObject created = (JsonObject) Wire.parse(DispatchBenchmark.serve(server, kept, PRINCIPAL));
            String id = created.getObject("result").getString("taskId");
            awaitCompleted(store, id);
            gets[i] = request("tasks/get", "{\"taskId\":\"" + id + "\"," + META + "}");
        }
    }

    /** Stops the server, then the backend. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        // let the last created tasks finish in the background: closing the server would interrupt
        // them (by design: another instance takes them over), and each would log a failed publish
        Thread.sleep(1000);
        server.close();
        if (state != null) {
            state.close();
        }
        if (redis != null) {
            redis.close();
            try (Stream<Path> files = Files.walk(redisDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** {@code tools/call} of the task-only tool: the stored task's {@code CreateTaskResult}. */
    @Benchmark
    public byte[] createTask() throws Exception {
        return DispatchBenchmark.serve(server, CREATE, PRINCIPAL);
    }

    /** {@code tasks/get} of a random completed task of the pool (its result inlined). */
    @Benchmark
    public byte[] getTask() throws Exception {
        return DispatchBenchmark.serve(server, gets[ThreadLocalRandom.current().nextInt(POOL)], PRINCIPAL);
    }

    private static byte[] call(String tool) {
        return request("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":{}," + META + "}");
    }

    private static byte[] request(String method, String params) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitCompleted(TaskStore store, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        TaskRecord r;
        while ((r = store.get(PRINCIPAL.key(), id)) == null || r.status() != TaskStatus.COMPLETED) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("task " + id + " did not complete within 10 s: " + r);
            }
            Thread.sleep(1);
        }
    }

    /**
     * Runs the benchmark in throughput and sample-time mode at each thread count (JMH's {@code -t},
     * else {@link #THREADS}), passing the other JMH options through, then prints one table: ops/s
     * with its error, and p50/p99/p99.9 latency.
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
            ChainedOptionsBuilder options = new OptionsBuilder().parent(cli).threads(t)
                    .mode(Mode.Throughput).mode(Mode.SampleTime).timeUnit(TimeUnit.MICROSECONDS);
            if (cli.getIncludes().isEmpty()) {
                options.include(TaskBenchmark.class.getName() + "\\.");
            }
            results.addAll(new Runner(options.build()).run());
        }
        System.out.println();
        System.out.println("| backend | operation | client threads | ops/s | p50 µs | p99 µs | p99.9 µs |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        results.stream()
                .filter(r -> r.getParams().getMode() == Mode.Throughput)
                .sorted(Comparator.comparing((RunResult r) -> r.getParams().getParam("backend"))
                        .thenComparing(r -> r.getParams().getBenchmark())
                        .thenComparingInt(r -> r.getParams().getThreads()))
                .forEach(r -> {
                    Result<?> sample = results.stream()
                            .filter(s -> s.getParams().getMode() == Mode.SampleTime
                                    && s.getParams().getBenchmark().equals(r.getParams().getBenchmark())
                                    && s.getParams().getParam("backend").equals(r.getParams().getParam("backend"))
                                    && s.getParams().getThreads() == r.getParams().getThreads())
                            .findFirst().map(RunResult::getPrimaryResult).orElse(null);
                    Result<?> rate = r.getPrimaryResult();
                    String name = r.getParams().getBenchmark();
                    System.out.printf("| %s | %s | %d | %,.0f ± %,.0f | %s | %s | %s |%n", r.getParams().getParam("backend"),
                            name.substring(name.lastIndexOf('.') + 1), r.getParams().getThreads(),
                            rate.getScore() * 1e6, rate.getScoreError() * 1e6,
                            percentile(sample, 50), percentile(sample, 99), percentile(sample, 99.9));
                });
    }

    private static String percentile(Result<?> sample, double p) {
        return sample == null ? "-" : String.format("%,.1f", sample.getStatistics().getPercentile(p));
    }
}
