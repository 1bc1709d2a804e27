package dev.switchboard.auth.signin;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A person signed in through {@link SignIn}: what their ID token said, never the token itself.
 *
 * @param issuer  the ID token's {@code iss}
 * @param subject its {@code sub}
 * @param name    its {@code name}, or empty
 * @param email   its {@code email}, or empty
 * @param groups  the groups in the configured claim, or empty
 */
public record SignedIn(String issuer, String subject, String name, String email, Set<String> groups) {
    public SignedIn {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        name = name == null ? "" : name;
        email = email == null ? "" : email;
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** The form sealed in the session cookie. */
    JsonObject toJson() {
        return JsonObject.builder().put("iss", issuer).put("sub", subject).put("name", name).put("email", email)
                .put("groups", JsonArray.ofStrings(groups.stream().sorted().toList())).build();
    }

    /** Reads {@link #toJson()}. */
    static SignedIn fromJson(JsonObject o) {
        Set<String> groups = new LinkedHashSet<>();
        if (o.get("groups") instanceof JsonArray a) {
            for (Json g : a.values()) {
                groups.add(g.asString());
            }
        }
        return new SignedIn(o.getString("iss"), o.getString("sub"), o.getString("name"), o.getString("email"), groups);
    }
}
