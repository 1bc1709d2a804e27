package dev.switchboard.cli;

import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.testkit.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code serve --policy --audit} as the command wires it, over HTTP: each call leaves exactly one
 * record, denied calls never run, and {@code audit verify} checks the result, on a file and on one
 * chain in Redis shared by two instances.
 */
@Timeout(120)
class GovernedServeTest {
    static final String BUNDLE = """
            rules:
              - id: arithmetic
                match: {tools: [add]}
                effect: allow
              - id: no-echo
                match: {tools: [echo]}
                effect: deny
                reason: echo is switched off
            """;

    @TempDir
    Path dir;
    private Path key;
    private Path bundle;

    /** Runs the command line; returns exit code and output. */
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SwitchboardCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void keysAndBundle() throws Exception {
        key = dir.resolve("audit.key");
        assertThat(run("audit", "keygen", key.toString()).out()).startsWith("Wrote audit key ");
        bundle = Files.writeString(dir.resolve("policy.yaml"), BUNDLE);
    }

    private static ServeCommand.Running serve(String... args) throws Exception {
        ServeCommand cmd = new ServeCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.start(cmd.resolve(Map.of()));
    }

    private static void add(McpClient client) {
        assertThat(client.callTool("add", (JsonObject) Wire.parse("{\"a\": 2, \"b\": 3}")).content().toString()).contains("5");
    }

    private static void echoIsDenied(McpClient client) {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.callTool("echo", (JsonObject) Wire.parse("{\"text\": \"top-secret-words\"}")));
        assertThat(e.error().code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(e.error().message()).isEqualTo("denied by rule no-echo: echo is switched off");
    }

    private static void flushed(ServeCommand.Running s) throws InterruptedException {
        assertThat(s.governance().auditor().flush(Duration.ofSeconds(5))).isTrue();
    }

    private static List<JsonObject> events(Path log) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            out.add(AuditRecord.parse(line).event());
        }
        return out;
    }

    @Test
    void aServerStoppedBySigtermStillLogsWhatItsAuditorSaysWhileClosing() throws Exception {
        // the JDK's own shutdown hook closes the log handlers while ours still closes the auditor
        Path log = dir.resolve("audit.jsonl");
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        int port = RedisServer.freePort();
        String jvm = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(jvm, "-cp", System.getProperty("java.class.path"), SwitchboardCommand.class.getName(),
                "serve", "--port", String.valueOf(port), "--policy", bundle.toString(), "--audit", log.toString(),
                "--audit-key", key.toString()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(Files.exists(stdout) && Files.readString(stdout).contains("listening on"))) {
                assertThat(p.isAlive() && System.nanoTime() < deadline).as("serve starts: " + Files.readString(stderr)).isTrue();
                Thread.sleep(50);
            }
            try (McpClient client = McpClient.builder(java.net.URI.create("http://127.0.0.1:" + port + "/mcp")).build()) {
                add(client);
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(stderr)).contains("audit: 1 records (1 checkpoints) in 2 syncs");
        assertThat(events(log)).extracting(e -> e.getString("type")).containsExactly("decision", "checkpoint");
    }

    @Test
    void anAllowedAndADeniedCallLeaveOneRecordEachThatVerifies() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (ServeCommand.Running s = serve("--port", "0", "--policy", bundle.toString(), "--audit", log.toString(),
                "--audit-key", key.toString(), "--instance-id", "node-1");
             McpClient client = McpClient.builder(s.http().endpoint()).build()) {
            add(client);
            echoIsDenied(client);
            flushed(s);

            List<JsonObject> events = events(log);
            assertThat(events).extracting(e -> e.getString("target") + " " + e.getString("decision") + " " + e.getString("rule"))
                    .containsExactly("add allow arithmetic", "echo deny no-echo");
            // the allowed call is recorded once it ran, with what came of it; the denial as refused
            assertThat(events).extracting(e -> e.getString("outcome")).containsExactly("ok", "refused");
            assertThat(events.getFirst().get("latencyNanos")).isInstanceOfSatisfying(
                    dev.switchboard.protocol.json.JsonNumber.class, n -> assertThat(n.longValue()).isPositive());
            assertThat(events).allSatisfy(e -> {
                assertThat(e.getString("server")).isEqualTo("dev.switchboard/demo");
                assertThat(e.getString("instance")).isEqualTo("node-1");
                assertThat(e.getObject("principal").getString("sub")).isEqualTo("anonymous");
                assertThat(e.getString("args")).startsWith("hmac-sha256:");
            });
        }
        assertThat(Files.readString(log)).doesNotContain("top-secret-words");

        Run ok = run("audit", "verify", log.toString(), "--public-key", key + ".pub");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("OK: 3 records, 1 checkpoint with valid signatures (last signs record 2), last record 3 (")
                .contains("the trusted head (record 2");

        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.set(1, lines.get(1).replace("\"decision\":\"deny\"", "\"decision\":\"allow\""));
        Files.write(log, lines);
        Run broken = run("audit", "verify", log.toString(), "--public-key", key + ".pub");
        assertThat(broken.exit()).isEqualTo(ExitCodes.AUDIT_BROKEN);
        assertThat(broken.out()).startsWith("BROKEN at line 2 (MODIFIED): record 2 (line 2) was modified");

        Files.write(log, lines.subList(0, 1));
        Run cut = run("audit", "verify", log.toString(), "--public-key", key + ".pub");
        assertThat(cut.exit()).isEqualTo(ExitCodes.AUDIT_BROKEN);
        assertThat(cut.out()).contains("(CUT_OFF): the trusted head signs record 2").contains("the log ends at record 1");
    }

    @Test
    void aChangedBundleIsReloadedWhileServingAndTheReloadIsRecorded() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (ServeCommand.Running s = serve("--port", "0", "--policy", bundle.toString(), "--audit", log.toString(),
                "--audit-key", key.toString());
             McpClient client = McpClient.builder(s.http().endpoint()).build()) {
            echoIsDenied(client);
            Files.writeString(bundle, BUNDLE.replace("effect: deny\n    reason: echo is switched off", "effect: allow"));
            Files.setLastModifiedTime(bundle, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(5)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try {
                    client.callTool("echo", (JsonObject) Wire.parse("{\"text\": \"hi\"}"));
                    break;
                } catch (ErrorResponseException e) {
                    assertThat(System.nanoTime()).as("the new bundle is in force within 10s").isLessThan(deadline);
                    Thread.sleep(200);
                }
            }
            flushed(s);
        }
        List<JsonObject> events = events(log);
        JsonObject reload = events.stream().filter(e -> "policy-reload".equals(e.getString("type"))).findFirst().orElseThrow();
        assertThat(events).filteredOn(e -> "policy-reload".equals(e.getString("type"))).singleElement()
                .satisfies(e -> assertThat(e.getString("outcome")).isEqualTo("swapped"));
        assertThat(events.getLast().getString("type")).isEqualTo("checkpoint");
        // The call the new bundle allowed may be recorded just before or after the reload (the swap and its record are
        // not one step); it names the new bundle either way.
        List<JsonObject> decisions = events.stream().filter(e -> "decision".equals(e.getString("type"))).toList();
        assertThat(decisions.getLast().getString("decision")).isEqualTo("allow");
        assertThat(decisions.getLast().getString("bundle")).isEqualTo(reload.getString("bundle"));
    }

    @Test
    void twoInstancesOnRedisExtendOneChainThatVerifiesFromRedisAndFromAnExport() throws Exception {
        Path binary = RedisServer.findBinary().orElse(null);
        assumeTrue(binary != null, "no redis-server on this machine");
        Path ring = dir.resolve("keys.json");
        KeyRing.generate().write(ring);
        try (RedisServer redis = RedisServer.start(binary, Files.createDirectories(dir.resolve("redis")))) {
            String uri = redis.uri().toString();
            try (ServeCommand.Running a = serve("--port", "0", "--state", uri, "--keys", ring.toString(), "--instances", "2",
                    "--policy", bundle.toString(), "--audit", "redis", "--audit-key", key.toString(), "--instance-id", "node-a",
                    "--audit-spool", dir.resolve("spool-a.jsonl").toString(), "--audit-checkpoint-every", "3");
                 ServeCommand.Running b = serve("--port", "0", "--state", uri, "--keys", ring.toString(), "--instances", "2",
                    "--policy", bundle.toString(), "--audit", "redis", "--audit-key", key.toString(), "--instance-id", "node-b",
                    "--audit-spool", dir.resolve("spool-b.jsonl").toString(), "--audit-checkpoint-every", "3");
                 McpClient toA = McpClient.builder(a.http().endpoint()).build();
                 McpClient toB = McpClient.builder(b.http().endpoint()).build()) {
                // each record is appended before the next call, so the chain's order is the calls' order
                add(toA);
                flushed(a);
                echoIsDenied(toB);
                flushed(b);
                echoIsDenied(toA);
                flushed(a);
                add(toB);
                flushed(b);
                add(toA);
                flushed(a);
            }

            Run fromRedis = run("audit", "verify", "--state", uri, "--public-key", key + ".pub");
            assertThat(fromRedis.exit()).as(fromRedis.out() + fromRedis.err()).isZero();
            // 5 decisions (records 1-5); node-a signs its 3rd (record 5) at once, node-b its last (record 4) on close,
            // which leaves the head at record 5: it never moves back
            assertThat(fromRedis.out()).startsWith("OK: 7 records, 2 checkpoints with valid signatures (last signs record 5)")
                    .contains("the trusted head (record 5");

            Path export = dir.resolve("export.jsonl");
            assertThat(run("audit", "export", export.toString(), "--state", uri).out()).startsWith("Exported 7 records to ");
            List<JsonObject> events = events(export);
            assertThat(events).filteredOn(e -> "decision".equals(e.getString("type")))
                    .extracting(e -> e.getString("instance") + " " + e.getString("target") + " " + e.getString("decision"))
                    .containsExactly("node-a add allow", "node-b echo deny", "node-a echo deny", "node-b add allow", "node-a add allow");
            assertThat(events).filteredOn(e -> "checkpoint".equals(e.getString("type"))).extracting(e -> e.getString("instance"))
                    .containsExactly("node-a", "node-b");
            Run offline = run("audit", "verify", export.toString(), "--public-key", key + ".pub");
            assertThat(offline.exit()).as(offline.out()).isZero();
            assertThat(offline.out()).startsWith("OK: 7 records, 2 checkpoints").contains("the trusted head (record 5");
            assertThat(run("audit", "tail", "-n", "1", "--state", uri).out()).contains("\"type\":\"checkpoint\"").hasLineCount(1);

            // draining: the file gets what it lacks, Redis keeps only the chain's head, a second drain finds nothing new
            Path drained = dir.resolve("drained/audit.jsonl");
            assertThat(run("audit", "export", drained.toString(), "--state", uri, "--drain", "--rotate-mb", "1").out())
                    .startsWith("Drained 7 records to ");
            assertThat(run("audit", "tail", "-n", "20", "--state", uri).out()).as("the head stays").hasLineCount(1);
            assertThat(run("audit", "export", drained.toString(), "--state", uri, "--drain").out()).startsWith("Drained 0 records");
            Run drainedOk = run("audit", "verify", drained.toString(), "--public-key", key + ".pub");
            assertThat(drainedOk.exit()).as(drainedOk.out()).isZero();
            assertThat(drainedOk.out()).startsWith("OK: 7 records");
        }
    }

    @Test
    void whileRedisIsDownAllowedCallsGoToTheSpoolAndJoinTheChainWhenItIsBack() throws Exception {
        Path binary = RedisServer.findBinary().orElse(null);
        assumeTrue(binary != null, "no redis-server on this machine");
        Path ring = dir.resolve("keys.json");
        KeyRing.generate().write(ring);
        try (RedisServer redis = RedisServer.start(binary, Files.createDirectories(dir.resolve("redis")), "--appendonly", "yes")) {
            String uri = redis.uri().toString();
            try (ServeCommand.Running s = serve("--port", "0", "--state", uri, "--keys", ring.toString(), "--policy",
                    bundle.toString(), "--audit", "redis", "--audit-key", key.toString(), "--instance-id", "node-a",
                    "--audit-spool", dir.resolve("spool.jsonl").toString());
                 McpClient client = McpClient.builder(s.http().endpoint()).build()) {
                add(client);
                flushed(s);
                redis.stop();
                add(client); // recorded in the local spool: the call is not refused
                echoIsDenied(client);
                flushed(s);
                assertThat(Files.size(dir.resolve("spool.jsonl"))).isPositive();
                redis.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!run("audit", "verify", "--state", uri, "--public-key", key + ".pub", "--no-head").out()
                        .startsWith("OK: 3 records")) {
                    assertThat(System.nanoTime()).as("the spool is chained within 20s").isLessThan(deadline);
                    Thread.sleep(200);
                }
                assertThat(s.governance().auditor().stats().overflowed()).isZero();
            }
            Run verified = run("audit", "verify", "--state", uri, "--public-key", key + ".pub");
            assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
            assertThat(verified.out()).startsWith("OK: 4 records, 1 checkpoint");
        }
    }
}
