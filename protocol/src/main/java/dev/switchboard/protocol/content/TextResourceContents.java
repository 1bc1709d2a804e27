package dev.switchboard.protocol.content;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Text contents of a resource.
 *
 * @param uri      the resource URI; required
 * @param mimeType MIME type, or null
 * @param text     the text; required
 * @param meta     {@code _meta}, or null
 */
public record TextResourceContents(String uri, String mimeType, String text, JsonObject meta)
        implements ResourceContents {
    /** Validates the required members. */
    public TextResourceContents {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(text, "text");
    }

    /** Text contents with a MIME type. */
    public static TextResourceContents of(String uri, String mimeType, String text) {
        return new TextResourceContents(uri, mimeType, text, null);
    }
}
