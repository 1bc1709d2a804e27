package dev.switchboard.cli;

import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.config.ConfigException;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
 * {@code policy publish} and {@code --policy redis}: one bundle for a whole deployment, swapped on
 * every instance when a new one is published (announced on the shared bus), each swap and the
 * publication itself in the one audit chain.
 */
@Timeout(120)
class PublishedPolicyTest {
    @TempDir
    Path dir;

    private ServeCommand.Running serve(String state, Path ring, Path key, String id) throws Exception {
        ServeCommand cmd = new ServeCommand();
        new CommandLine(cmd).parseArgs("--port", "0", "--state", state, "--keys", ring.toString(), "--instances", "2",
                "--policy", "redis", "--audit", "redis", "--audit-key", key.toString(), "--instance-id", id,
                "--audit-spool", dir.resolve("spool-" + id + ".jsonl").toString());
        return cmd.start(cmd.resolve(Map.of()));
    }

    private static boolean echoAllowed(McpClient client) {
        try {
            client.callTool("echo", (JsonObject) Wire.parse("{\"text\": \"hi\"}"));
            return true;
        } catch (ErrorResponseException e) {
            return false;
        }
    }

    @Test
    void aPublishedBundleReachesEveryInstanceAndEveryStepIsAudited() throws Exception {
        Path binary = RedisServer.findBinary().orElse(null);
        assumeTrue(binary != null, "no redis-server on this machine");
        Path key = dir.resolve("audit.key");
        assertThat(GovernedServeTest.run("audit", "keygen", key.toString()).exit()).isZero();
        Path ring = dir.resolve("keys.json");
        KeyRing.generate().write(ring);
        Path v1 = Files.writeString(dir.resolve("v1.yaml"), GovernedServeTest.BUNDLE);
        Path v2 = Files.writeString(dir.resolve("v2.yaml"), GovernedServeTest.BUNDLE.replace(
                "effect: deny\n    reason: echo is switched off", "effect: allow"));
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "rules:\n  - id: x\n    when: principal.subject > 1\n    effect: allow\n");
        try (RedisServer redis = RedisServer.start(binary, Files.createDirectories(dir.resolve("redis")))) {
            String state = redis.uri().toString();
            ConfigException none = catchThrowableOfType(ConfigException.class, () -> serve(state, ring, key, "node-a"));
            assertThat(none.getMessage()).isEqualTo("--policy redis: no bundle is published as \"default\" in the shared state "
                    + "yet; publish one with 'switchboard policy publish FILE --state URI'");

            GovernedServeTest.Run first = GovernedServeTest.run("policy", "publish", v1.toString(), "--state", state,
                    "--audit-key", key.toString());
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).startsWith("Published " + v1 + " as \"default\": 2 rules, sha256:").contains("(the first)");

            try (ServeCommand.Running a = serve(state, ring, key, "node-a");
                 ServeCommand.Running b = serve(state, ring, key, "node-b");
                 McpClient toA = McpClient.builder(a.http().endpoint()).build();
                 McpClient toB = McpClient.builder(b.http().endpoint()).build()) {
                assertThat(a.governance().describe()).contains("policy published as default (sha256:");
                assertThat(echoAllowed(toA)).isFalse();
                assertThat(echoAllowed(toB)).isFalse();

                GovernedServeTest.Run refused = GovernedServeTest.run("policy", "publish", broken.toString(), "--state", state);
                assertThat(refused.exit()).isEqualTo(ExitCodes.CONFIG);
                assertThat(refused.err()).contains(broken + ":3:", "rule \"x\"", "Nothing was published.");

                GovernedServeTest.Run second = GovernedServeTest.run("policy", "publish", v2.toString(), "--state", state,
                        "--audit-key", key.toString());
                assertThat(second.exit()).as(second.err()).isZero();
                assertThat(second.out()).contains("(replacing sha256:");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!(echoAllowed(toA) && echoAllowed(toB))) {
                    assertThat(System.nanoTime()).as("both instances swap within 10 s").isLessThan(deadline);
                    Thread.sleep(100);
                }
                assertThat(a.governance().auditor().flush(Duration.ofSeconds(5))).isTrue();
                assertThat(b.governance().auditor().flush(Duration.ofSeconds(5))).isTrue();
            }
            Path export = dir.resolve("export.jsonl");
            assertThat(GovernedServeTest.run("audit", "export", export.toString(), "--state", state).exit()).isZero();
            List<String> steps = new ArrayList<>();
            for (String line : Files.readAllLines(export)) {
                JsonObject e = AuditRecord.parse(line).event();
                switch (e.getString("type")) {
                    case "admin" -> steps.add("admin " + e.getString("change") + " " + e.getString("name"));
                    case "policy-reload" -> steps.add(e.getString("instance") + " " + e.getString("outcome"));
                    default -> { }
                }
            }
            assertThat(steps).containsExactlyInAnyOrder("admin policy-published default", "admin policy-published default",
                    "node-a swapped", "node-b swapped");
            GovernedServeTest.Run verified = GovernedServeTest.run("audit", "verify", "--state", state, "--public-key", key + ".pub");
            assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
        }
    }

    @Test
    void keyRotationsAreAdminRecordsInTheChainWhenAnAuditKeyIsGiven() throws Exception {
        Path binary = RedisServer.findBinary().orElse(null);
        assumeTrue(binary != null, "no redis-server on this machine");
        Path key = dir.resolve("audit.key");
        assertThat(GovernedServeTest.run("audit", "keygen", key.toString()).exit()).isZero();
        Path ring = dir.resolve("keys.json");
        KeyRing.generate().write(ring);
        try (RedisServer redis = RedisServer.start(binary, Files.createDirectories(dir.resolve("redis")))) {
            String state = redis.uri().toString();
            GovernedServeTest.Run nowhere = GovernedServeTest.run("keys", "rotate", ring.toString(), "--audit-key", key.toString());
            assertThat(nowhere.exit()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(nowhere.err()).contains("add --audit-state redis://HOST:PORT");
            GovernedServeTest.Run rotated = GovernedServeTest.run("keys", "rotate", ring.toString(), "--audit-key", key.toString(),
                    "--audit-state", state);
            assertThat(rotated.exit()).as(rotated.err()).isZero();
            String active = KeyRing.read(ring).activeId();

            Path export = dir.resolve("export.jsonl");
            assertThat(GovernedServeTest.run("audit", "export", export.toString(), "--state", state).exit()).isZero();
            JsonObject admin = Files.readAllLines(export).stream().map(l -> AuditRecord.parse(l).event())
                    .filter(e -> "admin".equals(e.getString("type"))).findFirst().orElseThrow();
            assertThat(admin.getString("change")).isEqualTo("key-rotated");
            assertThat(admin.getString("active")).isEqualTo(active);
            assertThat(admin.getString("by")).contains("@");
            java.util.regex.Matcher material = java.util.regex.Pattern.compile("\"key\":\"([^\"]+)\"").matcher(Files.readString(ring));
            String exported = Files.readString(export);
            while (material.find()) {
                assertThat(exported).as("key ids only, never key material").doesNotContain(material.group(1));
            }
            GovernedServeTest.Run verified = GovernedServeTest.run("audit", "verify", "--state", state, "--public-key", key + ".pub");
            assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
        }
    }
}
