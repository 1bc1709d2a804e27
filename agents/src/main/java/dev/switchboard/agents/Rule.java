package dev.switchboard.agents;

import dev.switchboard.server.Principal;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who may call a skill: a predicate over the verified caller, with a description that refusals
 * quote. Checked before a task is created, so a refused call creates nothing.
 *
 * <pre>{@code
 * Rule.calledBy("billing").and(Rule.subjects("alice", "bob"))
 * }</pre>
 *
 * @param description what the rule requires, e.g. {@code "called by billing"}
 * @param allows      true when the principal may call
 */
public record Rule(String description, Predicate<Principal> allows) {

    public Rule {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(allows, "allows");
    }

    /** Anyone the agent's authenticator accepted, including anonymous callers if it accepts those. */
    public static Rule anyone() {
        return new Rule("anyone", p -> true);
    }

    /** Only when the immediate caller is one of {@code agents} (a delegation from them). */
    public static Rule calledBy(String... agents) {
        Set<String> allowed = Set.of(agents);
        return new Rule("called by " + String.join(" or ", agents), p -> allowed.contains(p.agent()));
    }

    /** Only on behalf of one of {@code subjects}, whoever the agents in between. */
    public static Rule subjects(String... subjects) {
        Set<String> allowed = Set.of(subjects);
        return new Rule("on behalf of " + String.join(" or ", subjects), p -> allowed.contains(p.subject()));
    }

    /** Only callers that authenticated (no anonymous ones). */
    public static Rule authenticated() {
        return new Rule("an authenticated caller", p -> !p.isAnonymous());
    }

    /** Both this rule and {@code other}. */
    public Rule and(Rule other) {
        return new Rule(description + " and " + other.description, p -> allows.test(p) && other.allows.test(p));
    }
}
