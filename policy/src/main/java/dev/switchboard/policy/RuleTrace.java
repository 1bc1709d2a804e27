package dev.switchboard.policy;

/**
 * Why one rule did or did not match, for {@code policy explain}.
 *
 * @param rule    the rule
 * @param outcome what happened
 * @param detail  a sentence: which part of {@code match} failed, or the evaluation error
 */
public record RuleTrace(Rule rule, Outcome outcome, String detail) {

    /** The stages a rule can stop at. */
    public enum Outcome {
        /** {@code match} did not select the call (server, tool or method). */
        NOT_SELECTED,
        /** Selected, but {@code when} was false. */
        CONDITION_FALSE,
        /** Selected and {@code when} was true. */
        MATCHED,
        /**
         * {@code when} failed at run time (a missing argument, say). Counts as a match for deny,
         * approval and redact rules and as no match for allow rules, so an error never opens access.
         */
        ERROR
    }
}
