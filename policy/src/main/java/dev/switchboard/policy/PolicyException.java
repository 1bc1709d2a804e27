package dev.switchboard.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A bundle that cannot be loaded; the message lists every problem, each with its file, line and rule. */
public final class PolicyException extends RuntimeException {
    private final List<Problem> problems;

    public PolicyException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString)
                .collect(Collectors.joining("\n  ", "invalid policy bundle:\n  ", "")));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * One problem.
     *
     * @param location {@code file:line:column}
     * @param ruleId   the rule it is in, or null when outside any rule (or the rule has no id)
     * @param message  what is wrong
     */
    public record Problem(String location, String ruleId, String message) {
        @Override
        public String toString() {
            return location + ": " + (ruleId == null ? "" : "rule \"" + ruleId + "\": ") + message;
        }
    }
}
