package dev.switchboard.state.audit;

/**
 * What {@link AuditVerifier} found: how many records it checked up to the first problem, the last
 * good link, and the first problem (null when the whole log is intact).
 *
 * <p>A chain cannot show records cut off at its end (a shorter chain is still a valid chain):
 * compare {@link #lastSequence()} and {@link #lastHash()} with a head you trust, such as the
 * shared log's head or one you noted earlier.
 *
 * @param records      records checked and found intact before the problem (all of them when intact)
 * @param lastSequence the sequence of the last intact record, 0 when there is none
 * @param lastHash     the hash of the last intact record, {@link AuditRecord#GENESIS} when there is none
 * @param problem      the first problem, or null
 */
public record AuditVerification(long records, long lastSequence, String lastHash, Problem problem) {

    /** True when no problem was found. */
    public boolean intact() {
        return problem == null;
    }

    /** What kind of damage a problem is. */
    public enum Kind {
        /** A line is not a record (not JSON, a member missing, mistyped or extra). */
        MALFORMED,
        /** The last line stops mid-record: a writer died while writing it, or the file was cut. */
        TRUNCATED,
        /** A record's content does not match its own hash: it was edited. */
        MODIFIED,
        /** A record does not carry the previous record's hash: the previous one was replaced (edited and re-hashed), or this one comes from another chain. */
        BROKEN_LINK,
        /** Records are missing: the sequence jumps and the missing ones appear nowhere later. */
        MISSING,
        /** Records are out of order: the expected record appears later, or an earlier one appears again. */
        REORDERED
    }

    /**
     * The first place the chain is broken.
     *
     * @param kind     what kind of damage
     * @param line     the 1-based line of the file (or index in the list) where it shows
     * @param sequence the sequence written in that line, or null when unreadable
     * @param message  a sentence saying what is wrong there, precisely enough to find it
     */
    public record Problem(Kind kind, long line, Long sequence, String message) {
    }

    @Override
    public String toString() {
        return intact() ? "intact: " + records + " records, last " + lastSequence + " (" + lastHash + ")"
                : "broken at line " + problem.line() + " (" + problem.kind() + "): " + problem.message();
    }
}
