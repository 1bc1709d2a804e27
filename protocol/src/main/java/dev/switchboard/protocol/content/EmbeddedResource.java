package dev.switchboard.protocol.content;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * A resource's contents embedded in a message ({@code "type":"resource"}).
 *
 * @param resource    the contents; required
 * @param annotations usage hints, or null
 * @param meta        {@code _meta}, or null
 */
public record EmbeddedResource(ResourceContents resource, Annotations annotations, JsonObject meta)
        implements Content {
    /** Validates the required members. */
    public EmbeddedResource {
        Objects.requireNonNull(resource, "resource");
    }

    /** Embeds {@code resource} without annotations. */
    public static EmbeddedResource of(ResourceContents resource) {
        return new EmbeddedResource(resource, null, null);
    }
}
