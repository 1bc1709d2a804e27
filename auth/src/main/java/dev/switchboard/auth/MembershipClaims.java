package dev.switchboard.auth;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which token claims carry the subject's groups, roles and tenant, read into
 * {@code Principal.groups()}, {@code roles()} and {@code tenant()} (and so policy's
 * {@code principal.groups}). A name may be a dotted path into nested objects
 * ({@code realm_access.roles}); an empty name reads nothing. A claim's value may be an array of
 * strings or one string (space- or comma-separated for groups and roles).
 *
 * @param groups the groups claim ({@code groups} by default)
 * @param roles  the roles claim ({@code roles} by default)
 * @param tenant the tenant claim ({@code tenant} by default; Entra ID calls it {@code tid})
 */
public record MembershipClaims(String groups, String roles, String tenant) {
    /** {@code groups}, {@code roles}, {@code tenant}. */
    public static final MembershipClaims DEFAULT = new MembershipClaims("groups", "roles", "tenant");
    /** Reads nothing. */
    public static final MembershipClaims NONE = new MembershipClaims("", "", "");

    public MembershipClaims {
        groups = groups == null ? "" : groups.strip();
        roles = roles == null ? "" : roles.strip();
        tenant = tenant == null ? "" : tenant.strip();
    }

    /** The groups in {@code claims}. */
    public Set<String> groupsOf(JsonObject claims) {
        return strings(at(claims, groups));
    }

    /** The roles in {@code claims}. */
    public Set<String> rolesOf(JsonObject claims) {
        return strings(at(claims, roles));
    }

    /** The tenant in {@code claims}, or empty. */
    public String tenantOf(JsonObject claims) {
        return at(claims, tenant) instanceof JsonString s ? s.value() : "";
    }

    private static Json at(JsonObject claims, String path) {
        if (path.isEmpty() || claims == null) {
            return null;
        }
        Json node = claims.get(path); // a flat claim whose name has dots ("https://example.com/groups") wins
        if (node != null) {
            return node;
        }
        node = claims;
        for (String part : path.split("\\.")) {
            if (!(node instanceof JsonObject o)) {
                return null;
            }
            node = o.get(part);
        }
        return node;
    }

    private static Set<String> strings(Json value) {
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof JsonArray a) {
            for (Json j : a.values()) {
                if (j instanceof JsonString s && !s.value().isBlank()) {
                    out.add(s.value());
                }
            }
        } else if (value instanceof JsonString s) {
            for (String part : s.value().split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }
}
