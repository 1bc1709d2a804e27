package dev.switchboard.policy.approval;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One approval, as kept in the shared store under {@code approval:<id>}.
 *
 * @param id           random, unguessable (256 bits, base64url); also the page's capability
 * @param principalKey {@code Principal.key()} of the caller it was asked for
 * @param principal    the caller for people ({@code Principal.describe()})
 * @param callerIssuer the caller's issuer ({@code Principal.issuer()}): with the subject, what tells a
 *                     self-approval
 * @param callerSubject the caller's subject ({@code Principal.subject()})
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
 * @param approvers    the groups whose members may decide, as the rule names them; empty: the page's own
 * @param status       pending, approved or rejected
 * @param decidedBy    who decided, for people (the signed-in approver, or without sign-in the page's client
 *                     address), or empty while pending
 * @param decidedAt    when, or null while pending
 * @param approver     the signed-in person who decided, or null (pending, or decided without sign-in)
 */
public record Approval(String id, String principalKey, String principal, String callerIssuer, String callerSubject,
                       String server, String method, String target, String argsHash, String argsSummary, String rule,
                       String reason, String bundle, Instant created, Instant expires, List<String> approvers, Status status, String decidedBy,
                       Instant decidedAt, Approver approver) {
    public Approval {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(principalKey, "principalKey");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(argsHash, "argsHash");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(status, "status");
        callerIssuer = callerIssuer == null ? "" : callerIssuer;
        callerSubject = callerSubject == null ? "" : callerSubject;
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
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
    Approval decided(Status to, String by, Approver who, Instant at) {
        return new Approval(id, principalKey, principal, callerIssuer, callerSubject, server, method, target, argsHash,
                argsSummary, rule, reason, bundle, created, expires, approvers, to, by, at, who);
    }

    /** The stored form. */
    public JsonObject toJson() {
        JsonObject.Builder b = JsonObject.builder()
                .put("id", id).put("principalKey", principalKey).put("principal", principal)
                .put("callerIssuer", callerIssuer).put("callerSubject", callerSubject).put("server", server)
                .put("method", method).put("target", target).put("args", argsHash).put("argsSummary", argsSummary)
                .put("rule", rule).put("reason", reason).put("bundle", bundle).put("created", created.toString())
                .put("expires", expires.toString()).put("status", status.wireName()).put("decidedBy", decidedBy);
        if (!approvers.isEmpty()) {
            b.put("approvers", JsonArray.ofStrings(approvers));
        }
        if (decidedAt != null) {
            b.put("decidedAt", decidedAt.toString());
        }
        if (approver != null) {
            b.put("approver", approver.toJson());
        }
        return b.build();
    }

    /** Reads {@link #toJson()}. */
    public static Approval fromJson(JsonObject o) {
        String decidedAt = o.getString("decidedAt");
        return new Approval(o.getString("id"), o.getString("principalKey"), o.getString("principal"), o.getString("callerIssuer"),
                o.getString("callerSubject"), o.getString("server"), o.getString("method"), o.getString("target"),
                o.getString("args"), o.getString("argsSummary"), o.getString("rule"), o.getString("reason"),
                o.getString("bundle"), Instant.parse(o.getString("created")), Instant.parse(o.getString("expires")),
                o.get("approvers") instanceof JsonArray groups ? groups.values().stream().map(Json::asString).toList() : List.of(),
                Status.valueOf(o.getString("status").toUpperCase(java.util.Locale.ROOT)), o.getString("decidedBy"),
                decidedAt == null ? null : Instant.parse(decidedAt),
                o.get("approver") instanceof JsonObject who ? Approver.fromJson(who) : null);
    }
}
