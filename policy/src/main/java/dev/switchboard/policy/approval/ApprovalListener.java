package dev.switchboard.policy.approval;

/**
 * Hears every step of an approval's life: the audit log's input
 * ({@link dev.switchboard.policy.audit.Auditor}), metrics, tests. Runs on the thread of the
 * request or page that caused the step; should not block for long.
 */
public interface ApprovalListener {
    /** Hears nothing. */
    ApprovalListener NONE = new ApprovalListener() {
    };

    /** A call needed approval and an approval was asked for. */
    default void requested(Approval approval) {
    }

    /** A person approved or rejected ({@link Approval#status()}, {@link Approval#decidedBy()}). */
    default void decided(Approval approval) {
    }

    /**
     * {@code who} (null: nobody signed in) opened or posted the approval page for {@code approval}
     * but may not decide it ({@code why}); nothing changed.
     */
    default void decisionRefused(Approval approval, Approver who, Approvers.Refusal why) {
    }

    /**
     * A retry presented the approval: {@code outcome} says whether the call went ahead
     * ({@link Redemption#USED}) or why not.
     */
    default void redeemed(Approval approval, Redemption outcome) {
    }

    /**
     * A retry of {@code call} presented an approval state that is forged, altered, expired, another
     * principal's or another call's ({@code problem} says which); the call was refused with -32602.
     */
    default void stateRefused(Approvals.Call call, String problem) {
    }
}
