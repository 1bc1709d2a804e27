package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.content.Annotations;
import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Icon;

import java.util.List;
import java.util.Objects;

/**
 * A family of resources addressed by an RFC 6570 URI template, as listed by
 * {@code resources/templates/list}.
 *
 * @param uriTemplate the template, e.g. {@code file:///{path}}; required
 * @param name        programmatic name; required
 * @param title       display name, or null
 * @param description description, or null
 * @param mimeType    MIME type shared by all matches, or null
 * @param icons       icons, or null
 * @param annotations usage hints, or null
 * @param meta        {@code _meta}, or null
 */
public record ResourceTemplate(String uriTemplate, String name, String title, String description,
                               String mimeType, List<Icon> icons, Annotations annotations, JsonObject meta) {
    /** Validates the required members. */
    public ResourceTemplate {
        Objects.requireNonNull(uriTemplate, "uriTemplate");
        Objects.requireNonNull(name, "name");
        icons = Copies.list(icons, "icons");
    }

    /** A template with a name. */
    public static ResourceTemplate of(String uriTemplate, String name) {
        return new ResourceTemplate(uriTemplate, name, null, null, null, null, null, null);
    }
}
