package dev.switchboard.policy.approval;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;
import java.util.Set;

/**
 * A person signed in on the approval page, as their identity provider names them.
 *
 * @param issuer  who vouches for them (the ID token's issuer)
 * @param subject who they are there
 * @param name    their display name, or empty
 * @param email   their e-mail address, or empty
 * @param groups  their groups, as the provider states them
 */
public record Approver(String issuer, String subject, String name, String email, Set<String> groups) {
    public Approver {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        name = name == null ? "" : name;
        email = email == null ? "" : email;
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** True when this is the person who made {@code a}'s call (same issuer and subject, whatever agent acted for them). */
    public boolean isCallerOf(Approval a) {
        return issuer.equals(a.callerIssuer()) && subject.equals(a.callerSubject());
    }

    /** A line for people: {@code Alice A <alice@example.com>}, else the subject, with its issuer. */
    public String describe() {
        String who = !name.isEmpty() ? name + (email.isEmpty() ? "" : " <" + email + ">") : !email.isEmpty() ? email : subject;
        return who + " (" + subject + " at " + issuer + ")";
    }

    /** The stored and audited form: issuer, subject, and name and e-mail when known; never a token. */
    public JsonObject toJson() {
        JsonObject.Builder b = JsonObject.builder().put("iss", issuer).put("sub", subject);
        if (!name.isEmpty()) {
            b.put("name", name);
        }
        if (!email.isEmpty()) {
            b.put("email", email);
        }
        return b.build();
    }

    /** Reads {@link #toJson()} (groups are not kept). */
    static Approver fromJson(JsonObject o) {
        return new Approver(o.getString("iss"), o.getString("sub"), o.getString("name"), o.getString("email"), Set.of());
    }
}
