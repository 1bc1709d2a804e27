package dev.switchboard.policy;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static dev.switchboard.policy.Bundles.call;
import static dev.switchboard.policy.Bundles.user;
import static org.assertj.core.api.Assertions.assertThat;

/** principal.groups, principal.roles and principal.tenant in rules. */
class MembershipTest {
    @TempDir
    Path dir;

    private static Principal member(String subject, Set<String> groups, Set<String> roles, String tenant) {
        return user(subject).withMembership(groups, roles, tenant);
    }

    @Test
    void rulesSeeGroupsRolesAndTenant() {
        PolicyBundle b = Bundles.load(dir, """
                rules:
                  - id: finance-group
                    match: {tools: ["finance.*"]}
                    when: '"finance" in principal.groups && principal.tenant == "acme"'
                    effect: allow
                  - id: approvers-approve
                    match: {tools: [approve]}
                    when: '"approver" in principal.roles'
                    effect: allow
                """);
        Principal carol = member("carol", Set.of("finance", "staff"), Set.of(), "acme");
        assertThat(b.evaluate(call(carol, "finance.pay", "{}")).effect()).isEqualTo(Effect.ALLOW);
        assertThat(b.evaluate(call(member("carol", Set.of("finance"), Set.of(), "other-co"), "finance.pay", "{}")).effect())
                .as("another tenant").isEqualTo(Effect.DENY);
        assertThat(b.evaluate(call(user("dave"), "finance.pay", "{}")).effect()).as("no groups at all").isEqualTo(Effect.DENY);
        assertThat(b.evaluate(call(member("erin", Set.of(), Set.of("approver"), ""), "approve", "{}")).effect())
                .isEqualTo(Effect.ALLOW);
        assertThat(b.mayCall(PolicyRequest.toolCall(carol, "files", "finance.pay", JsonObject.EMPTY))).isTrue();
        assertThat(b.mayCall(PolicyRequest.toolCall(user("dave"), "files", "finance.pay", JsonObject.EMPTY))).isFalse();
    }

    @Test
    void groupsAreTypedLists() {
        PolicyException e = (PolicyException) org.assertj.core.api.Assertions.catchThrowable(() -> Bundles.load(dir, """
                rules:
                  - id: wrong
                    when: principal.groups == "finance"
                    effect: allow
                """));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("no matching overload"));
    }
}
