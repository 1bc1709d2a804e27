package dev.switchboard.protocol.roots;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * A directory or file the client lets the server work in.
 *
 * @param uri  the root, a {@code file://} URI; required
 * @param name display name, or null
 * @param meta {@code _meta}, or null
 */
public record Root(String uri, String name, JsonObject meta) {
    /** Validates the required members. */
    public Root {
        Objects.requireNonNull(uri, "uri");
    }

    /** A named root. */
    public static Root of(String uri, String name) {
        return new Root(uri, name, null);
    }
}
