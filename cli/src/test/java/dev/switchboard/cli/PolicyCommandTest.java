package dev.switchboard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyCommandTest {
    @TempDir
    Path dir;

    private Path bundle(String yaml) throws IOException {
        return Files.writeString(dir.resolve("policy.yaml"), yaml);
    }

    private static final String FINANCE = """
            rules:
              - id: finance-group
                description: the finance tool, for the finance scope only
                match: {tools: ["finance.*"]}
                when: '"finance" in principal.scopes'
                effect: allow
              - id: big-payments
                match: {tools: [finance.pay]}
                when: '"finance" in principal.scopes && args.amount > 1000'
                effect: require_approval
                reason: over 1000
            """;

    @Test
    void checkPrintsRulesAndHash() throws IOException {
        Path file = bundle(FINANCE);
        KeysCommandTest.Run r = KeysCommandTest.run("policy", "check", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("valid, 2 rules, sha256:")
                .contains("finance-group  enforce allow").contains("big-payments  enforce require_approval")
                .contains("when \"finance\" in principal.scopes");
    }

    @Test
    void checkRefusesABadBundleNamingLineAndRule() throws IOException {
        Path file = bundle("""
                rules:
                  - id: typo
                    when: principal.scope == "x"
                    effect: allow
                """);
        KeysCommandTest.Run r = KeysCommandTest.run("policy", "check", file.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("policy.yaml:3:").contains("rule \"typo\"").contains("undeclared reference");
    }

    @Test
    void explainShowsEachRuleAndTheDecision() throws IOException {
        Path file = bundle(FINANCE);
        KeysCommandTest.Run r = KeysCommandTest.run("policy", "explain", file.toString(), "--subject", "carol",
                "--scope", "finance", "--tool", "finance.pay", "--args", "{\"amount\": 5000}");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("MATCH   finance-group (enforce allow)")
                .contains("MATCH   big-payments (enforce require_approval)")
                .contains("decision: require_approval — approval required by rule big-payments: over 1000");

        KeysCommandTest.Run other = KeysCommandTest.run("policy", "explain", file.toString(), "--subject", "dave",
                "--agent", "bot", "--tool", "finance.pay", "--args", "{\"amount\": 5}");
        assertThat(other.out()).contains("false   finance-group").contains("by bot for dave")
                .contains("decision: deny — no rule allows tools/call of \"finance.pay\" for bot for dave (default deny)");

        KeysCommandTest.Run skipped = KeysCommandTest.run("policy", "explain", file.toString(), "--subject", "dave",
                "--tool", "read_file");
        assertThat(skipped.out()).contains("skip    finance-group").contains("\"read_file\" is not in [finance.*]");
    }

    @Test
    void checkAndExplainShowApprovalsAndLimits() throws IOException {
        Path file = bundle("""
                rules:
                  - id: pay
                    match: {tools: [pay]}
                    effect: allow
                    limit: {rate: 10/1m, per: [principal, tool]}
                  - id: big-payments
                    match: {tools: [pay]}
                    when: args.amount > 1000
                    effect: require_approval
                    reason: over 1000
                    limit: {rate: 20/1d}
                    approvers: [finance, cfo]
                """);
        KeysCommandTest.Run check = KeysCommandTest.run("policy", "check", file.toString());
        assertThat(check.out()).contains("limit 10/1m per principal and tool").contains("limit 20/1d for everyone together")
                .contains("approvers finance, cfo");

        KeysCommandTest.Run big = KeysCommandTest.run("policy", "explain", file.toString(), "--subject", "carol",
                "--tool", "pay", "--args", "{\"amount\": 5000}");
        assertThat(big.out()).contains("MATCH   big-payments (enforce require_approval, limit 20/1d)")
                .contains("approval: the call runs only after a person approves it on the approval page")
                .contains("limit: pay allows 10/1m per principal and tool; counted when the call runs")
                .contains("limit: big-payments allows 20/1d for everyone together");

        KeysCommandTest.Run small = KeysCommandTest.run("policy", "explain", file.toString(), "--subject", "carol",
                "--tool", "pay", "--args", "{\"amount\": 5}");
        assertThat(small.out()).doesNotContain("approval:").contains("limit: pay allows 10/1m")
                .doesNotContain("limit: big-payments");
    }

    @Test
    void checkNamesTheLineOfABadLimit() throws IOException {
        Path file = bundle("""
                rules:
                  - id: pay
                    effect: allow
                    limit: {rate: ten a minute}
                """);
        KeysCommandTest.Run r = KeysCommandTest.run("policy", "check", file.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("policy.yaml:4:").contains("rule \"pay\"")
                .contains("limit: rate \"ten a minute\" is not CALLS/WINDOW, e.g. 10/1m");
    }
}
