package dev.switchboard.policy;

import java.util.List;

/**
 * A decision with the trace of every rule that led to it.
 *
 * @param decision the decision
 * @param trace    one entry per rule, in bundle order
 */
public record Explanation(Decision decision, List<RuleTrace> trace) {
    public Explanation {
        trace = List.copyOf(trace);
    }
}
