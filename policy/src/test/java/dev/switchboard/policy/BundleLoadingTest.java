package dev.switchboard.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bundle with any error is refused, naming the file, the line and the rule. */
class BundleLoadingTest {
    @TempDir
    Path dir;

    private PolicyException refused(String yaml) {
        Path file = Bundles.write(dir, "bad.yaml", yaml);
        PolicyException e = (PolicyException) org.assertj.core.api.Assertions.catchThrowable(() -> PolicyBundle.load(file));
        assertThat(e).as("the bundle should be refused").isNotNull();
        return e;
    }

    @Test
    void celSyntaxErrorNamesFileLineAndRule() {
        PolicyException e = refused("""
                rules:
                  - id: ok
                    effect: allow
                  - id: broken
                    when: 'principal.subject == '
                    effect: allow
                """);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).startsWith(dir.resolve("bad.yaml") + ":5:");
            assertThat(p.ruleId()).isEqualTo("broken");
            assertThat(p.message()).contains("when:").contains("expression line 1");
        });
        assertThat(e.getMessage()).contains("bad.yaml:5:").contains("rule \"broken\"");
    }

    @Test
    void yamlSyntaxErrorNamesFileLineAndColumnOnce() {
        PolicyException e = refused("""
                rules:
                  - id: broken
                    match: {tools: [x
                """);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(dir.resolve("bad.yaml") + ":3:22");
            assertThat(p.message()).startsWith("not valid YAML: ");
        });
        assertThat(e.getMessage()).containsOnlyOnce(dir.resolve("bad.yaml").toString());
    }

    @Test
    void celTypeErrorsAreLoadErrors() {
        PolicyException e = refused("""
                rules:
                  - id: number-vs-string
                    when: principal.subject == 42
                    effect: allow
                  - id: misspelt-field
                    when: principal.subjet == "alice"
                    effect: allow
                  - id: not-a-bool
                    when: tool
                    effect: allow
                """);
        assertThat(e.problems()).extracting(PolicyException.Problem::ruleId)
                .containsExactly("number-vs-string", "misspelt-field", "not-a-bool");
        assertThat(e.problems().get(0).location()).contains("bad.yaml:3:");
        assertThat(e.problems().get(0).message()).contains("no matching overload");
        assertThat(e.problems().get(1).message()).contains("undeclared reference");
        assertThat(e.problems().get(2).message()).contains("expected type 'bool'");
    }

    @Test
    void schemaErrorsNameTheRule() {
        PolicyException e = refused("""
                rules:
                  - id: first
                    effect: allow
                  - id: no-reason
                    effect: deny
                  - id: typo
                    effect: alow
                """);
        assertThat(e.problems()).extracting(PolicyException.Problem::ruleId).contains("no-reason", "typo");
        assertThat(e.problems()).filteredOn(p -> "typo".equals(p.ruleId()))
                .allSatisfy(p -> assertThat(p.location()).contains("bad.yaml:7:"));
        assertThat(e.problems()).filteredOn(p -> "no-reason".equals(p.ruleId()))
                .allSatisfy(p -> assertThat(p.message()).contains("reason"));
    }

    @Test
    void unknownKeysAndDuplicateIdsAreRefused() {
        assertThat(refused("""
                rules:
                  - id: a
                    effect: allow
                    wehn: "true"
                """).getMessage()).contains("wehn").contains("rule \"a\"");
        PolicyException dup = refused("""
                rules:
                  - id: a
                    effect: allow
                  - id: a
                    effect: deny
                    reason: twice
                """);
        assertThat(dup.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("duplicate rule id");
            assertThat(p.location()).contains("bad.yaml:4:");
        });
    }

    @Test
    void notYamlIsRefusedWithTheFile() {
        assertThat(refused("rules: [ {id: a, effect: allow\n").getMessage()).contains("bad.yaml");
    }

    @Test
    void missingFileIsRefused() {
        assertThatThrownBy(() -> PolicyBundle.load(dir.resolve("absent.yaml")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("absent.yaml");
    }

    @Test
    void hashIgnoresFormattingAndCommentsButNotContent() {
        PolicyBundle a = Bundles.load(dir, """
                # read-only
                rules:
                  - {id: r, effect: allow, match: {tools: ["read_*"]}}
                """);
        PolicyBundle b = PolicyBundle.load(Bundles.write(dir, "b.yaml", """
                rules:
                  - match:
                      tools: [ "read_*" ]
                    effect: allow
                    id: r
                """));
        PolicyBundle c = PolicyBundle.load(Bundles.write(dir, "c.yaml", """
                rules:
                  - {id: r, effect: allow, match: {tools: ["read*"]}}
                """));
        assertThat(a.hash()).startsWith("sha256:").hasSize(7 + 64).isEqualTo(b.hash()).isNotEqualTo(c.hash());
    }

    @Test
    void defaultsAreFilledIn() {
        Rule r = Bundles.load(dir, "rules: [{id: r, effect: allow}]").rules().getFirst();
        assertThat(r.when()).isEqualTo("true");
        assertThat(r.shadow()).isFalse();
        assertThat(r.servers()).containsExactly("*");
        assertThat(r.methods()).containsExactly("tools/call", "prompts/get", "resources/read");
        assertThat(r.location()).contains("bundle.yaml:1:");
    }

    @Test
    void aLimitIsReadWithItsRateAndKeys() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - id: pay
                    effect: allow
                    limit: {rate: 10/1m, per: [principal, tool]}
                  - id: budget
                    effect: require_approval
                    limit: {rate: 500/1d}
                """);
        assertThat(b.rules().get(0).limit()).isEqualTo(new Limit("pay", 10, java.time.Duration.ofMinutes(1),
                java.util.List.of(Limit.Key.PRINCIPAL, Limit.Key.TOOL)));
        assertThat(b.rules().get(1).limit().describe()).isEqualTo("500/1d for everyone together");
    }

    @Test
    void aBadLimitNamesFileLineAndRule() {
        PolicyException e = refused("""
                rules:
                  - id: ok
                    effect: allow
                  - id: too-fast
                    effect: allow
                    limit: {rate: 10/0s}
                  - id: unknown-key
                    effect: allow
                    limit: {rate: 10/m, per: [tenant]}
                  - id: on-a-deny
                    effect: deny
                    reason: no
                    limit: {rate: 1/s}
                """);
        assertThat(e.problems()).extracting(PolicyException.Problem::ruleId).containsExactly("unknown-key");
        assertThat(e.problems().get(0).location()).contains("bad.yaml:9:");
        assertThat(e.problems().get(0).message()).contains("/rules/2/limit/per/0");
        // the schema passed; the compiler names the rate and the effect plainly
        PolicyException semantic = refused("""
                rules:
                  - id: too-fast
                    effect: allow
                    limit: {rate: 10/0s}
                  - id: on-a-deny
                    effect: deny
                    reason: no
                    limit: {rate: 1/s}
                """);
        assertThat(semantic.problems()).extracting(PolicyException.Problem::ruleId).containsExactly("too-fast", "on-a-deny");
        assertThat(semantic.problems().get(0).location()).contains("bad.yaml:4:");
        assertThat(semantic.problems().get(0).message()).isEqualTo("limit: rate \"10/0s\" is not CALLS/WINDOW, e.g. 10/1m, 5/s, 1000/1d");
        assertThat(semantic.problems().get(1).location()).contains("bad.yaml:8:");
        assertThat(semantic.problems().get(1).message()).contains("only allow and require_approval rules carry a limit");
    }

    @Test
    void approversAreReadOnApprovalRulesAndRefusedElsewhereWithFileLineAndRule() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - id: big-payments
                    effect: require_approval
                    approvers: [finance-approvers, cfo]
                  - id: reads
                    effect: allow
                """);
        assertThat(b.rules().get(0).approvers()).containsExactly("finance-approvers", "cfo");
        assertThat(b.rules().get(1).approvers()).isEmpty();
        PolicyException e = refused("""
                rules:
                  - id: ok
                    effect: require_approval
                    approvers: [sre]
                  - id: on-an-allow
                    effect: allow
                    approvers: [sre]
                """);
        assertThat(e.problems()).extracting(PolicyException.Problem::ruleId).containsExactly("on-an-allow");
        assertThat(e.problems().get(0).location()).contains("bad.yaml:7:");
        assertThat(e.problems().get(0).message()).isEqualTo("approvers: only require_approval rules name approvers; this rule is allow");
        PolicyException typed = refused("""
                rules:
                  - id: not-a-list
                    effect: require_approval
                    approvers: sre
                  - id: empty
                    effect: require_approval
                    approvers: []
                """);
        assertThat(typed.problems()).extracting(PolicyException.Problem::ruleId).containsExactly("not-a-list", "empty");
        assertThat(typed.problems().get(0).location()).contains("bad.yaml:4:");
    }
}
