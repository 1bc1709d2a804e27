package dev.switchboard.policy.audit;

import dev.switchboard.state.audit.AuditVerification;

/**
 * What {@link CheckpointVerifier} found: the chain's own verification, then the checkpoints'.
 *
 * @param chain         the hash chain's verification ({@link dev.switchboard.state.audit.AuditVerifier})
 * @param checkpoints   checkpoints whose signature and head were checked and found good
 * @param lastSigned    the last record a good checkpoint signs, 0 when none
 * @param unsignedTail  records after the last checkpoint record: not covered by any signature yet
 * @param trustedHead   the head checked against the log, or null when none was given
 * @param problem       the first checkpoint problem, or null (also null when the chain itself is broken)
 */
public record AuditCheck(AuditVerification chain, long checkpoints, long lastSigned, long unsignedTail,
                         Checkpoint trustedHead, Problem problem) {

    /** True when the chain, every checkpoint and the trusted head (if any) are good. */
    public boolean intact() {
        return chain.intact() && problem == null;
    }

    /** What is wrong with a checkpoint. */
    public enum Kind {
        /** A checkpoint event is incomplete, or signs a record that does not come before it. */
        MALFORMED_CHECKPOINT,
        /** A signature does not verify with the given keys, or was made by a key not among them. */
        FORGED,
        /** A checkpoint signs a hash the record no longer has: the chain was rewritten after it was signed. */
        REWRITTEN,
        /** The log ends before the record the trusted head signs: its tail was cut off. */
        CUT_OFF
    }

    /**
     * The first checkpoint problem.
     *
     * @param kind     what kind
     * @param sequence the record where it shows (the checkpoint's own record; for the trusted head, the record it signs)
     * @param message  a sentence saying what is wrong, precisely enough to find it
     */
    public record Problem(Kind kind, long sequence, String message) {
    }

    @Override
    public String toString() {
        if (!chain.intact()) {
            AuditVerification.Problem p = chain.problem();
            return "BROKEN at line " + p.line() + " (" + p.kind() + "): " + p.message();
        }
        if (problem != null) {
            return "BROKEN at record " + problem.sequence() + " (" + problem.kind() + "): " + problem.message();
        }
        return "OK: " + chain.records() + " records, " + checkpoints + (checkpoints == 1 ? " checkpoint" : " checkpoints")
                + " with valid signatures"
                + (checkpoints == 0 ? "" : " (last signs record " + lastSigned + ")")
                + ", last record " + chain.lastSequence() + " (" + chain.lastHash() + ")"
                + (unsignedTail > 0 ? "; " + unsignedTail + (unsignedTail == 1 ? " record after the last checkpoint is"
                        : " records after the last checkpoint are") + " not signed yet" : "")
                + (trustedHead == null ? "; no trusted head given, so a cut-off tail would not show"
                        : "; the trusted head (record " + trustedHead.sequence() + ", signed " + trustedHead.time() + ") matches");
    }
}
