package dev.switchboard.policy.approval;

import dev.switchboard.protocol.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * One approval, as kept in the shared store under {@code approval:<id>}.
 *
 * @param id           random, unguessable (256 bits, base64url); also the page's capability
 * @param principalKey {@code Principal.key()} of the caller it was asked for
 * @param principal    the caller for people ({@code Principal.describe()})
 * @param server       the server the call is for
 * @param method       {@code tools/call}, {@code prompts/get} or {@code resources/read}
 * @param target       the tool, prompt or resource
 * @param argsHash     {@code hmac-sha256:<hex>} of the arguments' canonical JSON
 * @param argsSummary  the arguments shortened for the approver (long strings cut)
 * @param rule         the rule that asked for approval
 * @param reason       the rule's reason, or empty
 * @param bundle       the bundle hash that decided
 * @param created      when it was asked
 * @param expires      after this it can be neither decided nor used
 * @param status       pending, approved or rejected
 * @param decidedBy    who decided (for the page: its client address), or empty while pending
 * @param decidedAt    when, or null while pending
 */
public record Approval(String id, String principalKey, String principal, String server, String method, String target,
                       String argsHash, String argsSummary, String rule, String reason, String bundle, Instant created,
                       Instant expires, Status status, String decidedBy, Instant decidedAt) {
    public Approval {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(principalKey, "principalKey");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(argsHash, "argsHash");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(status, "status");
        decidedBy = decidedBy == null ? "" : decidedBy;
        reason = reason == null ? "" : reason;
    }

    /** Where an approval is in its life. Being used is kept apart, as a consumed-once mark. */
    public enum Status {
        /** Waiting for a person. */
        PENDING,
        /** Approved: the call may run once. */
        APPROVED,
        /** Rejected: the call is refused. */
        REJECTED;

        /** {@code pending}, {@code approved}, {@code rejected}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** True at or after {@link #expires()}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }

    /** This approval decided. */
    Approval decided(Status to, String by, Instant at) {
        return new Approval(id, principalKey, principal, server, method, target, argsHash, argsSummary, rule, reason,
                bundle, created, expires, to, by, at);
    }

    /** The stored form. */
    public JsonObject toJson() {
        JsonObject.Builder b = JsonObject.builder()
                .put("id", id).put("principalKey", principalKey).put("principal", principal).put("server", server)
                .put("method", method).put("target", target).put("args", argsHash).put("argsSummary", argsSummary)
                .put("rule", rule).put("reason", reason).put("bundle", bundle).put("created", created.toString())
                .put("expires", expires.toString()).put("status", status.wireName()).put("decidedBy", decidedBy);
        if (decidedAt != null) {
            b.put("decidedAt", decidedAt.toString());
        }
        return b.build();
    }

    /** Reads {@link #toJson()}. */
    public static Approval fromJson(JsonObject o) {
        String decidedAt = o.getString("decidedAt");
        return new Approval(o.getString("id"), o.getString("principalKey"), o.getString("principal"), o.getString("server"),
                o.getString("method"), o.getString("target"), o.getString("args"), o.getString("argsSummary"),
                o.getString("rule"), o.getString("reason"), o.getString("bundle"), Instant.parse(o.getString("created")),
                Instant.parse(o.getString("expires")), Status.valueOf(o.getString("status").toUpperCase(java.util.Locale.ROOT)),
                o.getString("decidedBy"), decidedAt == null ? null : Instant.parse(decidedAt));
    }
}
