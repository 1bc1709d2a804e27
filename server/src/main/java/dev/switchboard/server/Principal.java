package dev.switchboard.server;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who a request comes from, as the transport authenticated it: a user (issuer and subject) and the
 * agents acting for that user, in the shape of RFC 8693's nested {@code act} claim.
 *
 * @param issuer  who vouches for the identity (a token issuer or a delegating agent); empty when anonymous
 * @param subject the user on whose behalf the request is made
 * @param actors  the agents acting for the subject, the immediate caller first: {@code [compliance, billing]}
 *                is compliance, called by billing, acting for the subject. Empty when the subject calls
 *                directly
 * @param scopes  what the credential allows (for a delegation: the callee's tools it names)
 * @param groups  the subject's groups, as the issuer states them in the token (a configured claim); empty when none
 * @param roles   the subject's roles, likewise; empty when none
 * @param tenant  the subject's tenant (organisation, directory), likewise; empty when none
 */
public record Principal(String issuer, String subject, List<String> actors, Set<String> scopes, Set<String> groups,
                        Set<String> roles, String tenant) {

    /** Nobody authenticated: what a server without an authenticator sees. */
    public static final Principal ANONYMOUS = new Principal("", "anonymous", List.of(), Set.of());

    public Principal {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        actors = List.copyOf(actors);
        scopes = Set.copyOf(new LinkedHashSet<>(scopes));
        groups = groups == null ? Set.of() : Set.copyOf(new LinkedHashSet<>(groups));
        roles = roles == null ? Set.of() : Set.copyOf(new LinkedHashSet<>(roles));
        tenant = tenant == null ? "" : tenant;
        if (issuer.isEmpty() && subject.indexOf('|') >= 0) {
            throw new IllegalArgumentException("a local subject (no issuer) may not contain '|': " + subject);
        }
    }

    /** A principal without groups, roles or tenant. */
    public Principal(String issuer, String subject, List<String> actors, Set<String> scopes) {
        this(issuer, subject, actors, scopes, Set.of(), Set.of(), "");
    }

    /**
     * This principal with the groups, roles and tenant its token states. They are attributes, not
     * identity: {@link #key()} does not change.
     */
    public Principal withMembership(Set<String> groups, Set<String> roles, String tenant) {
        return new Principal(issuer, subject, actors, scopes, groups, roles, tenant);
    }

    /** A user calling directly, with no agent in between. */
    public static Principal user(String issuer, String subject, Set<String> scopes) {
        return new Principal(issuer, subject, List.of(), scopes);
    }

    /** The immediate caller's agent id, or null when the subject calls directly. */
    public String agent() {
        return actors.isEmpty() ? null : actors.getFirst();
    }

    /** True when this is {@link #ANONYMOUS}. */
    public boolean isAnonymous() {
        return equals(ANONYMOUS);
    }

    /**
     * The owner key of what this principal creates (tasks, sessions, cursors, rate-limit buckets):
     * issuer, subject and the chain of actors. Scopes, groups, roles and tenant are not part of it,
     * so a fresh credential with other scopes or groups still reaches the same tasks. A local principal (no issuer, no actors) is keyed
     * by its subject alone, so {@link #ANONYMOUS} is {@code "anonymous"}.
     */
    public String key() {
        String base = issuer.isEmpty() ? subject : issuer + "|" + subject;
        return actors.isEmpty() ? base : base + "|" + String.join(">", actors);
    }

    /** A line for logs and error messages: {@code compliance for billing for alice}. */
    public String describe() {
        if (actors.isEmpty()) {
            return subject;
        }
        return String.join(" for ", actors) + " for " + subject;
    }

    /**
     * The JSON form kept with a task, so whichever instance runs it sees the same principal. Groups,
     * roles and tenant appear only when present.
     */
    public JsonObject toJson() {
        JsonObject.Builder b = JsonObject.builder()
                .put("iss", issuer)
                .put("sub", subject)
                .put("actors", JsonArray.ofStrings(actors))
                .put("scopes", JsonArray.ofStrings(scopes.stream().sorted().toList()));
        if (!groups.isEmpty()) {
            b.put("groups", JsonArray.ofStrings(groups.stream().sorted().toList()));
        }
        if (!roles.isEmpty()) {
            b.put("roles", JsonArray.ofStrings(roles.stream().sorted().toList()));
        }
        if (!tenant.isEmpty()) {
            b.put("tenant", tenant);
        }
        return b.build();
    }

    /** Reads {@link #toJson()}; null gives {@link #ANONYMOUS}. */
    public static Principal fromJson(JsonObject json) {
        if (json == null) {
            return ANONYMOUS;
        }
        String issuer = json.getString("iss");
        String subject = json.getString("sub");
        return new Principal(issuer == null ? "" : issuer, subject == null ? ANONYMOUS.subject() : subject,
                strings(json.get("actors")), new LinkedHashSet<>(strings(json.get("scopes"))),
                new LinkedHashSet<>(strings(json.get("groups"))), new LinkedHashSet<>(strings(json.get("roles"))),
                json.getString("tenant"));
    }

    private static List<String> strings(Json json) {
        List<String> out = new ArrayList<>();
        if (json instanceof JsonArray array) {
            for (Json j : array.values()) {
                if (j.asString() != null) {
                    out.add(j.asString());
                }
            }
        }
        return out;
    }
}
