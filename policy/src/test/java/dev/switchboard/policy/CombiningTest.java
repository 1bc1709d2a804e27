package dev.switchboard.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.switchboard.policy.Bundles.call;
import static dev.switchboard.policy.Bundles.delegated;
import static dev.switchboard.policy.Bundles.user;
import static org.assertj.core.api.Assertions.assertThat;

/** Deny beats approval beats allow; nothing matching denies; shadow rules report but never decide. */
class CombiningTest {
    @TempDir
    Path dir;

    @Test
    void denyBeatsAllowWhateverTheOrder() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - {id: everyone, effect: allow}
                  - {id: no-delete, effect: deny, reason: deleting is off, match: {tools: ["delete_*"]}}
                """);
        Decision d = b.evaluate(call(user("alice"), "delete_file", "{}"));
        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.ruleId()).isEqualTo("no-delete");
        assertThat(d.reason()).isEqualTo("denied by rule no-delete: deleting is off");
        assertThat(d.matchedRules()).containsExactly("everyone", "no-delete");
        assertThat(d.bundleHash()).isEqualTo(b.hash());
        assertThat(b.evaluate(call(user("alice"), "read_file", "{}")).effect()).isEqualTo(Effect.ALLOW);
    }

    @Test
    void approvalBeatsAllowAndLosesToDeny() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - {id: pay, effect: allow, match: {tools: [pay]}}
                  - id: big-payment
                    match: {tools: [pay]}
                    when: args.amount > 1000
                    effect: require_approval
                    reason: payments over 1000 need a second person
                  - {id: blocked, effect: deny, reason: account frozen, when: 'args.account == "frozen"'}
                """);
        assertThat(b.evaluate(call(user("alice"), "pay", "{\"amount\": 10, \"account\": \"a\"}")).effect())
                .isEqualTo(Effect.ALLOW);
        Decision big = b.evaluate(call(user("alice"), "pay", "{\"amount\": 1000.5, \"account\": \"a\"}"));
        assertThat(big.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
        assertThat(big.reason()).isEqualTo("approval required by rule big-payment: payments over 1000 need a second person");
        assertThat(b.evaluate(call(user("alice"), "pay", "{\"amount\": 5000, \"account\": \"frozen\"}")).ruleId())
                .isEqualTo("blocked");
    }

    @Test
    void rulesNamingToolsExactlyAndWildcardRulesMatchInFileOrder() {
        // exact names are looked up in an index; the wildcard rules must still interleave in file order
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - {id: prefix, effect: allow, match: {tools: ["a*"]}}
                  - {id: exact, effect: allow, match: {tools: [abc, abc, other]}}
                  - {id: odd, effect: deny, reason: not this one, match: {tools: [abd], methods: [prompts/get]}}
                  - {id: all, effect: allow}
                  - {id: exact-late, effect: allow, match: {tools: [abc]}}
                """);
        Decision abc = b.evaluate(call(user("alice"), "abc", "{}"));
        assertThat(abc.ruleId()).isEqualTo("prefix");
        assertThat(abc.matchedRules()).containsExactly("prefix", "exact", "all", "exact-late");
        assertThat(b.evaluate(call(user("alice"), "abd", "{}")).matchedRules()).containsExactly("prefix", "all");
        assertThat(b.evaluate(call(user("alice"), "other", "{}")).matchedRules()).containsExactly("exact", "all");
        assertThat(b.evaluate(call(user("alice"), "xyz", "{}")).matchedRules()).containsExactly("all");
        assertThat(b.explain(call(user("alice"), "xyz", "{}")).trace()).hasSize(5); // an explanation still lists every rule
    }

    @Test
    void nothingMatchingDenies() {
        PolicyBundle b = Bundles.load(dir, "rules: [{id: reads, effect: allow, match: {tools: ['read_*']}}]");
        Decision d = b.evaluate(call(user("alice"), "write_file", "{}"));
        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.ruleId()).isNull();
        assertThat(d.matchedRules()).isEmpty();
        assertThat(d.reason()).contains("no rule allows tools/call of \"write_file\" for alice").contains("default deny");
    }

    @Test
    void shadowRulesAreReportedButNeverDecide() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - {id: all, effect: allow}
                  - {id: trial-deny, mode: shadow, effect: deny, reason: trying it out, match: {tools: ["export_*"]}}
                  - {id: trial-allow, mode: shadow, effect: allow}
                """);
        Decision d = b.evaluate(call(user("alice"), "export_csv", "{}"));
        assertThat(d.effect()).isEqualTo(Effect.ALLOW);
        assertThat(d.matchedRules()).containsExactly("all");
        assertThat(d.shadow().matchedRules()).containsExactly("trial-deny", "trial-allow");
        assertThat(d.shadow().effect()).isEqualTo(Effect.DENY);
        assertThat(d.shadow().ruleId()).isEqualTo("trial-deny");
        assertThat(d.shadowDiffers()).isTrue();
        assertThat(d.toJson().getObject("shadow").get("differs")).hasToString("true");

        Decision other = b.evaluate(call(user("alice"), "read", "{}"));
        assertThat(other.shadowDiffers()).isFalse();
        assertThat(other.shadow().matchedRules()).containsExactly("trial-allow");
    }

    @Test
    void aShadowAllowNeverOpensAccess() {
        PolicyBundle b = Bundles.load(dir, "rules: [{id: trial, mode: shadow, effect: allow}]");
        Decision d = b.evaluate(call(user("alice"), "x", "{}"));
        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.shadow().effect()).isEqualTo(Effect.ALLOW);
        assertThat(d.shadowDiffers()).isTrue();
    }

    @Test
    void delegationChainRule() {
        // A user in an allow-list, and the agent acting for them in an allow-list.
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - id: assistants-for-staff
                    when: >-
                      principal.subject in ["alice", "bob"]
                      && agent in ["mail-assistant", "calendar-assistant"]
                    effect: allow
                """);
        assertThat(b.evaluate(call(delegated("alice", "mail-assistant"), "send", "{}")).effect()).isEqualTo(Effect.ALLOW);
        assertThat(b.evaluate(call(delegated("mallory", "mail-assistant"), "send", "{}")).effect()).isEqualTo(Effect.DENY);
        assertThat(b.evaluate(call(delegated("alice", "scraper"), "send", "{}")).effect()).isEqualTo(Effect.DENY);
        // the user calling without an agent is not what this rule admits
        assertThat(b.evaluate(call(user("alice"), "send", "{}")).effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void agentOnlyWhenDelegatedByAnother() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - id: compliance-via-billing
                    when: agent == "compliance" && size(delegation) >= 2 && delegation[1] == "billing"
                    effect: allow
                """);
        assertThat(b.evaluate(call(delegated("alice", "compliance", "billing"), "audit", "{}")).allowed()).isTrue();
        assertThat(b.evaluate(call(delegated("alice", "compliance"), "audit", "{}")).allowed()).isFalse();
        assertThat(b.evaluate(call(delegated("alice", "compliance", "intruder"), "audit", "{}")).allowed()).isFalse();
    }

    @Test
    void pathRuleCannotBeBypassedWithDotDot() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - id: public-files
                    match: {tools: [read_file]}
                    when: normalizePath(args.path).startsWith("/srv/public/")
                    effect: allow
                """);
        assertThat(b.evaluate(call(user("a"), "read_file", "{\"path\": \"/srv/public/a.txt\"}")).allowed()).isTrue();
        assertThat(b.evaluate(call(user("a"), "read_file", "{\"path\": \"/srv/public/x/../b.txt\"}")).allowed()).isTrue();
        assertThat(b.evaluate(call(user("a"), "read_file", "{\"path\": \"/srv/public/../secret/key\"}")).allowed()).isFalse();
        assertThat(b.evaluate(call(user("a"), "read_file", "{\"path\": \"/srv/public/..\\\\..\\\\etc/passwd\"}")).allowed()).isFalse();
        assertThat(b.evaluate(call(user("a"), "read_file", "{\"path\": \"srv/public/../../srv/public/a\"}")).allowed()).isFalse();
    }

    @Test
    void evaluationErrorsNeverOpenAccess() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - {id: all, effect: allow}
                  - {id: no-etc, effect: deny, reason: system files, when: 'args.path.startsWith("/etc")'}
                  - {id: needs-flag, effect: allow, when: 'args.flag == true', match: {tools: [flagged]}}
                """);
        // args.path missing: the deny rule fails, and counts as matching
        Decision d = b.evaluate(call(user("a"), "read", "{}"));
        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.errors()).containsOnlyKeys("no-etc");
        // args.flag missing: the allow rule fails, and counts as not matching (no-etc errors too, and denies)
        Decision flagged = b.evaluate(call(user("a"), "flagged", "{\"path\": \"/tmp\"}"));
        assertThat(flagged.matchedRules()).containsExactly("all");
        assertThat(flagged.errors()).containsOnlyKeys("needs-flag");
    }

    @Test
    void redactRulesAddObligationsToAnAllowOnly() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - {id: pay, effect: allow, match: {tools: [pay]}}
                  - id: card
                    effect: redact
                    redact: {args: [card.number], result: [/structuredContent/iban]}
                """);
        Decision allowed = b.evaluate(call(user("a"), "pay", "{}"));
        assertThat(allowed.redaction().args()).containsExactly("card.number");
        assertThat(allowed.redaction().result()).containsExactly("/structuredContent/iban");
        Decision denied = b.evaluate(call(user("a"), "refund", "{}"));
        assertThat(denied.effect()).as("a redact rule alone allows nothing").isEqualTo(Effect.DENY);
        assertThat(denied.redaction().isEmpty()).isTrue();
    }

    @Test
    void matchSelectsByServerToolAndMethod() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - id: files-reads
                    match: {servers: ["files*"], tools: ["read_?", "stat"], methods: ["tools/call"]}
                    effect: allow
                """);
        assertThat(b.evaluate(call(user("a"), "read_x", "{}")).allowed()).isTrue();
        assertThat(b.evaluate(call(user("a"), "read_xy", "{}")).allowed()).isFalse();
        assertThat(b.evaluate(call(user("a"), "stat", "{}")).allowed()).isTrue();
        assertThat(b.evaluate(PolicyRequest.toolCall(user("a"), "mail", "stat", null)).allowed()).isFalse();
        assertThat(b.evaluate(new PolicyRequest(user("a"), "files", "prompts/get", "stat", null,
                java.time.Instant.now(), "", "")).allowed()).isFalse();
    }

    @Test
    void requestVariablesAreTyped() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - id: office-hours
                    when: >-
                      request.time.getHours("UTC") >= 8 && request.time.getHours("UTC") < 18
                      && request.method == "tools/call" && request.protocolVersion == "2026-07-28"
                      && "files:read" in principal.scopes && server == "files" && tool == "ls"
                    effect: allow
                """);
        java.time.Instant noon = java.time.Instant.parse("2026-03-02T12:00:00Z");
        java.time.Instant night = java.time.Instant.parse("2026-03-02T23:00:00Z");
        assertThat(b.evaluate(new PolicyRequest(user("a", "files:read"), "files", "tools/call", "ls", null, noon, "",
                "2026-07-28")).allowed()).isTrue();
        assertThat(b.evaluate(new PolicyRequest(user("a", "files:read"), "files", "tools/call", "ls", null, night, "",
                "2026-07-28")).allowed()).isFalse();
        assertThat(b.evaluate(new PolicyRequest(user("a"), "files", "tools/call", "ls", null, noon, "",
                "2026-07-28")).allowed()).isFalse();
    }

    @Test
    void anApprovalDecisionCarriesTheDecidingRulesApprovers() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - {id: reads, effect: allow}
                  - {id: big, effect: require_approval, approvers: [finance], when: "args.amount > 100"}
                  - {id: any-pay, match: {tools: [pay]}, effect: require_approval}
                """);
        assertThat(b.evaluate(call(user("alice"), "pay", "{\"amount\": 500}")).approvers()).containsExactly("finance");
        assertThat(b.evaluate(call(user("alice"), "pay", "{\"amount\": 5}")).approvers()).isEmpty();
        assertThat(b.evaluate(call(user("alice"), "read", "{\"amount\": 5}")).approvers()).isEmpty();
    }
}
