package dev.switchboard.policy;

/** What a rule does when it matches, and (except {@link #REDACT}) what a decision is. */
public enum Effect {
    /** The call may proceed. */
    ALLOW,
    /** The call is refused; wins over every other effect. */
    DENY,
    /** A human must approve the call first; wins over allow. */
    REQUIRE_APPROVAL,
    /**
     * An obligation, not a verdict: when the call is allowed, the rule's argument paths are withheld
     * from the audit record and its result paths are masked in the result. Never the effect of a
     * {@link Decision}, and never allows anything by itself.
     */
    REDACT;

    /** The name used in bundles and audit records: {@code allow}, {@code require_approval}, … */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads {@link #wireName()}. */
    public static Effect fromWire(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
