package dev.switchboard.policy.approval;

import java.util.Locale;
import java.util.Set;

/**
 * Who may decide on the approval page.
 *
 * @param signInRequired false: anyone holding the link decides (the link is the capability); true:
 *                       only a signed-in person who did not make the call
 * @param groups         with sign-in, the groups one of which the person must be in; empty: any
 *                       signed-in person
 */
public record Approvers(boolean signInRequired, Set<String> groups) {
    /** Anyone holding the link decides. */
    public static final Approvers ANYONE_WITH_LINK = new Approvers(false, Set.of());

    public Approvers {
        groups = Set.copyOf(groups);
        if (!signInRequired && !groups.isEmpty()) {
            throw new IllegalArgumentException("approver groups need sign-in");
        }
    }

    /** Signed-in people in one of {@code groups} (any signed-in person when empty), never the caller. */
    public static Approvers signedIn(Set<String> groups) {
        return new Approvers(true, groups);
    }

    /** Why someone may not decide. */
    public enum Refusal {
        /** Sign-in is required and nobody is signed in. */
        NOT_SIGNED_IN,
        /** Signed in, but in none of the approver groups. */
        NOT_APPROVER,
        /** Signed in as the person who made the call. */
        SELF_APPROVAL;

        /** {@code not_signed_in}, {@code not_approver}, {@code self_approval}, as audit records carry it. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Why {@code who} (null: nobody signed in) may not decide {@code a}, or null when they may. The
     * groups are those {@code a}'s rule names, else these; a rule naming approvers needs sign-in, so
     * without it nobody decides such an approval (closed, not open to anyone with the link).
     */
    public Refusal refusal(Approval a, Approver who) {
        if (!signInRequired) {
            return a.approvers().isEmpty() ? null : Refusal.NOT_SIGNED_IN;
        }
        if (who == null) {
            return Refusal.NOT_SIGNED_IN;
        }
        if (who.isCallerOf(a)) {
            return Refusal.SELF_APPROVAL;
        }
        java.util.Collection<String> allowed = a.approvers().isEmpty() ? groups : a.approvers();
        if (!allowed.isEmpty() && who.groups().stream().noneMatch(allowed::contains)) {
            return Refusal.NOT_APPROVER;
        }
        return null;
    }
}
