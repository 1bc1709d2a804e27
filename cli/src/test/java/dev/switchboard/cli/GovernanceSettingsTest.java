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
                  rotateMb: 64
                  rawArguments: true
                  checkpoint: {records: 50, interval: 30s}
                """);
        GovernanceOptions.Resolved g = parse("--config", f.toString()).resolve(Map.of()).governance();

        assertThat(g.policy()).isEqualTo(new GovernanceOptions.PolicySetting(dir.resolve("rules/policy.yaml"), null, "billing", true,
                java.net.URI.create("https://gw.example/approvals"), Duration.ofMinutes(5), null));
        assertThat(g.audit()).isEqualTo(new GovernanceOptions.AuditSetting(dir.resolve("logs/audit.jsonl"), null, null,
                dir.resolve("secrets/audit.key"), dir.resolve("logs/audit.jsonl.head"), 50, Duration.ofSeconds(30), 500,
                64L * 1024 * 1024, true));
        assertThat(g.auth()).isNull();
    }

    @Test
    void flagsAndVariablesConfigureRedisAuditWithDefaults() {
        GovernanceOptions.Resolved g = parse("--state", "redis://127.0.0.1:6379", "--keys", "keys.json", "--audit", "redis",
                "--instance-id", "node/1").resolve(Map.of("SWITCHBOARD_AUDIT_KEY", "/etc/sb/audit.key",
                "SWITCHBOARD_POLICY", "/etc/sb/policy.yaml", "SWITCHBOARD_POLICY_WATCH", "false")).governance();

        assertThat(g.audit()).isEqualTo(new GovernanceOptions.AuditSetting(null, "decisions", Path.of("audit-spool-node_1.jsonl"),
                Path.of("/etc/sb/audit.key"), null, 1000, Duration.ofSeconds(60), 10_000, 0, false));
        assertThat(g.policy()).isEqualTo(new GovernanceOptions.PolicySetting(Path.of("/etc/sb/policy.yaml"), null,
                "dev.switchboard/demo", false, null, Duration.ofMinutes(10), null));
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
    void aFileLogRotatesAt100MibUnlessToldOtherwise() {
        assertThat(parse("--audit", "audit.jsonl", "--audit-key", "k").resolve(Map.of()).governance().audit().rotateBytes())
                .isEqualTo(100L * 1024 * 1024);
        assertThat(parse("--audit", "audit.jsonl", "--audit-key", "k", "--audit-rotate-mb", "0").resolve(Map.of()).governance()
                .audit().rotateBytes()).as("never").isZero();
        assertThat(parse("--audit", "audit.jsonl", "--audit-key", "k").resolve(Map.of("SWITCHBOARD_AUDIT_ROTATE_MB", "5"))
                .governance().audit().rotateBytes()).isEqualTo(5L * 1024 * 1024);
        assertThatThrownBy(() -> parse("--audit", "audit.jsonl", "--audit-key", "k", "--audit-rotate-mb", "-1").resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--audit-rotate-mb: the rotation size is a number of MiB");
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

    @Test
    void approverSignInComesFromTheFileWithTheSecretFromTheEnvironmentOnly() throws Exception {
        Path f = Files.writeString(dir.resolve("serve.yaml"), """
                policy:
                  bundle: policy.yaml
                  approvals:
                    signIn:
                      issuer: https://idp.example
                      clientId: switchboard-approvals
                      scopes: [openid, email, groups]
                      groupsClaim: realm_access.groups
                      approverGroups: [finance-approvers, sre]
                      session: 10m
                """);
        GovernanceOptions.SignInSetting s = parse("--config", f.toString())
                .resolve(Map.of("SWITCHBOARD_APPROVAL_SIGNIN_CLIENT_SECRET", "s3cret")).governance().policy().signIn();
        assertThat(s.client()).isEqualTo(new dev.switchboard.auth.signin.SignIn.Settings("https://idp.example",
                "switchboard-approvals", "s3cret", java.util.List.of("openid", "email", "groups"), "realm_access.groups",
                Duration.ofMinutes(10)));
        assertThat(s.redirectUri()).isNull();
        assertThat(s.approverGroups()).containsExactly("finance-approvers", "sre");
        assertThat(s.allowLocalIssuer()).isFalse();

        assertThatThrownBy(() -> parse("--config", f.toString()).resolve(Map.of()))
                .hasMessage(f + ":5:15 /policy/approvals/signIn/issuer has approvers sign in, which "
                        + "needs the client's secret at the provider: set it in the environment variable "
                        + "SWITCHBOARD_APPROVAL_SIGNIN_CLIENT_SECRET (never in the configuration file)");
        Path withSecret = Files.writeString(dir.resolve("secret.yaml"), """
                policy:
                  bundle: policy.yaml
                  approvals:
                    signIn: {issuer: "https://idp.example", clientId: a, clientSecret: s3cret}
                """);
        assertThatThrownBy(() -> parse("--config", withSecret.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("clientSecret");
    }

    @Test
    void approverSignInFromFlagsHasDefaultsAndRefusesWhatCannotWork() {
        Map<String, String> env = Map.of("SWITCHBOARD_APPROVAL_SIGNIN_CLIENT_SECRET", "s3cret");
        GovernanceOptions.SignInSetting s = parse("--policy", "p.yaml", "--approval-signin-issuer", "http://127.0.0.1:9000",
                "--approval-signin-client-id", "approvals", "--approval-signin-allow-local-issuer",
                "--approval-signin-redirect-uri", "https://gw.example/approvals/callback").resolve(env).governance().policy().signIn();
        assertThat(s.client().scopes()).containsExactly("openid", "profile", "email");
        assertThat(s.client().groupsClaim()).isEqualTo("groups");
        assertThat(s.client().sessionTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.redirectUri()).hasToString("https://gw.example/approvals/callback");
        assertThat(s.approverGroups()).isEmpty();
        assertThat(s.allowLocalIssuer()).isTrue();
        assertThat(parse("--policy", "p.yaml").resolve(env).governance().policy().signIn()).isNull();

        assertThatThrownBy(() -> parse("--policy", "p.yaml", "--approval-signin-issuer", "https://idp.example").resolve(env))
                .hasMessage("--approval-signin-issuer has approvers sign in, which needs the page's client id at the provider: "
                        + "add --approval-signin-client-id ID");
        assertThatThrownBy(() -> parse("--policy", "p.yaml", "--approver-group", "sre").resolve(env))
                .hasMessage("--approver-group: approver groups need approvers to sign in: add --approval-signin-issuer URL "
                        + "and --approval-signin-client-id ID");
        assertThatThrownBy(() -> parse("--policy", "p.yaml", "--approval-signin-issuer", "idp.example",
                "--approval-signin-client-id", "a").resolve(env))
                .hasMessage("--approval-signin-issuer: \"idp.example\" is not an absolute http(s) URL");
        assertThatThrownBy(() -> parse("--policy", "p.yaml", "--approval-signin-issuer", "https://idp.example",
                "--approval-signin-client-id", "a", "--approval-signin-session", "30s").resolve(env))
                .hasMessage("--approval-signin-session: a sign-in lasts between 1m and 12h, got PT30S");
    }
}
