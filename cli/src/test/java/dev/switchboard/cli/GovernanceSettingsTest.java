package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policy and audit settings from the file, variables and flags; refusals say what to add. */
class GovernanceSettingsTest {
    @TempDir
    Path dir;

    private static ServeCommand parse(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void pathsInTheFileAreRelativeToItAndTheHeadSitsNextToTheLog() throws Exception {
        Path f = Files.writeString(dir.resolve("serve.yaml"), """
                policy:
                  bundle: rules/policy.yaml
                  server: billing
                  approvals: {url: "https://gw.example/approvals", ttl: 5m}
                audit:
                  sink: logs/audit.jsonl
                  key: secrets/audit.key
                  queue: 500
                  checkpoint: {records: 50, interval: 30s}
                """);
        GovernanceOptions.Resolved g = parse("--config", f.toString()).resolve(Map.of()).governance();

        assertThat(g.policy()).isEqualTo(new GovernanceOptions.PolicySetting(dir.resolve("rules/policy.yaml"), null, "billing", true,
                java.net.URI.create("https://gw.example/approvals"), Duration.ofMinutes(5)));
        assertThat(g.audit()).isEqualTo(new GovernanceOptions.AuditSetting(dir.resolve("logs/audit.jsonl"), null, null,
                dir.resolve("secrets/audit.key"), dir.resolve("logs/audit.jsonl.head"), 50, Duration.ofSeconds(30), 500));
        assertThat(g.auth()).isNull();
    }

    @Test
    void flagsAndVariablesConfigureRedisAuditWithDefaults() {
        GovernanceOptions.Resolved g = parse("--state", "redis://127.0.0.1:6379", "--keys", "keys.json", "--audit", "redis",
                "--instance-id", "node/1").resolve(Map.of("SWITCHBOARD_AUDIT_KEY", "/etc/sb/audit.key",
                "SWITCHBOARD_POLICY", "/etc/sb/policy.yaml", "SWITCHBOARD_POLICY_WATCH", "false")).governance();

        assertThat(g.audit()).isEqualTo(new GovernanceOptions.AuditSetting(null, "decisions", Path.of("audit-spool-node_1.jsonl"),
                Path.of("/etc/sb/audit.key"), null, 1000, Duration.ofSeconds(60), 10_000));
        assertThat(g.policy()).isEqualTo(new GovernanceOptions.PolicySetting(Path.of("/etc/sb/policy.yaml"), null,
                "dev.switchboard/demo", false, null, Duration.ofMinutes(10)));
    }

    @Test
    void policyRedisFollowsAPublishedBundleAndNeedsTheSharedState() {
        GovernanceOptions.Resolved g = parse("--state", "redis://127.0.0.1:6379", "--keys", "keys.json", "--policy", "redis",
                "--policy-name", "payments").resolve(Map.of()).governance();
        assertThat(g.policy().shared()).isTrue();
        assertThat(g.policy().sharedName()).isEqualTo("payments");
        assertThat(g.policy().bundle()).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("--policy", "redis").resolve(Map.of()))
                .hasMessage("--policy: '--policy redis' runs the bundle published in the shared state's Redis, but the state "
                        + "store is embedded: add --state redis://HOST:PORT, or give --policy a FILE");
    }

    @Test
    void anAuditLogNeedsAKey() {
        assertThatThrownBy(() -> parse("--audit", "audit.jsonl").resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--audit turns the audit log on, which signs checkpoints and hashes arguments with a key: add "
                        + "--audit-key FILE (create one with 'switchboard audit keygen FILE')");
    }

    @Test
    void redisAuditNeedsRedisState() throws Exception {
        Path f = Files.writeString(dir.resolve("serve.yaml"), "audit: {sink: redis, key: audit.key}\n");
        assertThatThrownBy(() -> parse("--config", f.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'--audit redis' keeps one chain in the shared state's Redis, but the state store is "
                        + "embedded: add --state redis://HOST:PORT, or give --audit a FILE");
    }

    @Test
    void theSchemaRefusesAnUnknownAuditSetting() throws Exception {
        Path f = Files.writeString(dir.resolve("serve.yaml"), "audit:\n  sink: a.jsonl\n  key: k\n  fsync: always\n");
        assertThatThrownBy(() -> parse("--config", f.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fsync");
    }

    @Test
    void membershipClaimsComeFromFlagsTheFileOrDefaults() throws Exception {
        GovernanceOptions.Resolved defaults = parse("--port", "8080", "--auth-issuer", "https://idp.example")
                .resolve(Map.of()).governance();
        assertThat(defaults.auth().claims()).isEqualTo(dev.switchboard.auth.MembershipClaims.DEFAULT);

        Path f = Files.writeString(dir.resolve("serve.yaml"), """
                auth:
                  issuers: [https://idp.example]
                  claims: {roles: realm_access.roles, tenant: tid}
                """);
        GovernanceOptions.Resolved g = parse("--config", f.toString(), "--port", "8080", "--auth-groups-claim", "grp")
                .resolve(Map.of()).governance();
        assertThat(g.auth().claims()).isEqualTo(new dev.switchboard.auth.MembershipClaims("grp", "realm_access.roles", "tid"));
    }
}
