package dev.switchboard.policy.approval;

/** What presenting an approval on a retry came to: the call runs only on {@link #USED}. */
public enum Redemption {
    /** Approved, bound to this call, not expired, and now used: the call runs, this once. */
    USED("approved"),
    /** Nobody has decided yet. */
    PENDING("no decision yet: the approval page has not been answered"),
    /** A person rejected the call. */
    REJECTED("the approver rejected this call"),
    /** Past its expiry, or gone from the store. */
    EXPIRED("the approval expired; call again to ask for a new one"),
    /** Already used by an earlier call: an approval lets one call through. */
    ALREADY_USED("the approval was already used; call again to ask for a new one"),
    /** The retry's arguments differ from those approved. */
    ARGUMENTS_CHANGED("the arguments differ from those approved; call again to ask for approval of these"),
    /** Another principal, tool, prompt, resource or server than the one approved. */
    OTHER_CALL("the approval was given for another call"),
    /** The policy bundle changed since the approval was asked for. */
    BUNDLE_CHANGED("the policy changed since the approval was asked for; call again to ask for a new one");

    private final String explanation;

    Redemption(String explanation) {
        this.explanation = explanation;
    }

    /** A phrase for the caller's error message. */
    public String explanation() {
        return explanation;
    }

    /** {@code used}, {@code arguments_changed}, … as audit records carry it. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
