package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.content.Annotations;
import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Icon;

import java.util.List;
import java.util.Objects;

/**
 * A resource the server can read, as listed by {@code resources/list}.
 *
 * @param uri         the resource URI; required
 * @param name        programmatic name; required
 * @param title       display name, or null
 * @param description description, or null
 * @param mimeType    MIME type, or null
 * @param size        size in bytes before encoding, or null
 * @param icons       icons, or null
 * @param annotations usage hints, or null
 * @param meta        {@code _meta}, or null
 */
public record Resource(String uri, String name, String title, String description, String mimeType,
                       Long size, List<Icon> icons, Annotations annotations, JsonObject meta) {
    /** Validates the required members. */
    public Resource {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(name, "name");
        icons = Copies.list(icons, "icons");
    }

    /** A resource with a URI, a name and a MIME type. */
    public static Resource of(String uri, String name, String mimeType) {
        return new Resource(uri, name, null, null, mimeType, null, null, null, null);
    }
}
