package dev.switchboard.protocol.content;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Icon;

import java.util.List;
import java.util.Objects;

/**
 * A link to a resource the client may read ({@code "type":"resource_link"}).
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
public record ResourceLink(String uri, String name, String title, String description, String mimeType,
                           Long size, List<Icon> icons, Annotations annotations, JsonObject meta)
        implements Content {
    /** Validates the required members. */
    public ResourceLink {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(name, "name");
        icons = Copies.list(icons, "icons");
    }

    /** A link with only its URI and name. */
    public static ResourceLink of(String uri, String name) {
        return new ResourceLink(uri, name, null, null, null, null, null, null, null);
    }
}
