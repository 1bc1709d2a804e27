package dev.switchboard.policy;

import dev.switchboard.server.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.switchboard.policy.Bundles.delegated;
import static dev.switchboard.policy.Bundles.user;
import static org.assertj.core.api.Assertions.assertThat;

/** mayCall: a tool is hidden only when the principal can never call it. */
class VisibilityTest {
    @TempDir
    Path dir;

    private static boolean may(PolicyBundle b, Principal p, String tool) {
        return b.mayCall(PolicyRequest.toolCall(p, "files", tool, null));
    }

    @Test
    void hiddenWhenNoAllowCanMatch() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - {id: finance, effect: allow, match: {tools: ["finance.*"]}, when: '"finance" in principal.scopes'}
                  - {id: reads, effect: allow, match: {tools: ["read_*"]}}
                """);
        assertThat(may(b, user("alice", "finance"), "finance.pay")).isTrue();
        assertThat(may(b, user("bob"), "finance.pay")).isFalse();
        assertThat(may(b, user("bob"), "read_file")).isTrue();
        assertThat(may(b, user("bob"), "delete_file")).isFalse();
    }

    @Test
    void shownWhenSomeArgumentsCouldPass() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - {id: public, effect: allow, match: {tools: [read_file]}, when: 'normalizePath(args.path).startsWith("/pub/")'}
                  - {id: no-big, effect: deny, reason: too big, match: {tools: [pay]}, when: 'args.amount > 10'}
                  - {id: pay, effect: allow, match: {tools: [pay]}}
                """);
        assertThat(may(b, user("a"), "read_file")).isTrue();
        assertThat(may(b, user("a"), "pay")).as("a deny that depends on arguments may be avoided").isTrue();
    }

    @Test
    void conditionsAreDecidedWithoutTheArgumentsWhereTheyCanBe() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - id: big
                    match: {tools: [pay]}
                    when: '"finance" in principal.scopes && args.amount > 1000'
                    effect: require_approval
                  - id: frozen
                    match: {tools: [pay]}
                    when: 'principal.subject == "mallory" || args.account == "frozen"'
                    effect: deny
                    reason: frozen
                """);
        // without the scope the approval rule is false whatever the amount: nothing could ever open pay
        assertThat(may(b, user("dave"), "pay")).isFalse();
        assertThat(may(b, user("carol", "finance"), "pay")).isTrue();
        // mallory is denied whatever the account; for others the deny depends on the arguments
        assertThat(may(b, user("mallory", "finance"), "pay")).isFalse();
    }

    @Test
    void hiddenWhenADenyMatchesWhateverTheArguments() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - {id: all, effect: allow}
                  - {id: no-bots, effect: deny, reason: no agents here, match: {tools: ["admin_*"]}, when: 'agent != ""'}
                """);
        assertThat(may(b, delegated("alice", "bot"), "admin_reset")).isFalse();
        assertThat(may(b, user("alice"), "admin_reset")).isTrue();
        assertThat(may(b, delegated("alice", "bot"), "read")).isTrue();
    }

    @Test
    void approvalStillLists() {
        PolicyBundle b = Bundles.load(dir, "rules: [{id: ask, effect: require_approval, match: {tools: [wire]}}]");
        assertThat(may(b, user("a"), "wire")).isTrue();
    }

    @Test
    void shadowRulesDoNotAffectListing() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - {id: all, effect: allow}
                  - {id: trial, mode: shadow, effect: deny, reason: trial}
                  - {id: trial-open, mode: shadow, effect: allow, match: {tools: [x]}}
                """);
        assertThat(may(b, user("a"), "anything")).isTrue();
        PolicyBundle closed = Bundles.load(dir, "rules: [{id: trial-open, mode: shadow, effect: allow}]");
        assertThat(may(closed, user("a"), "x")).isFalse();
    }
}
