package dev.switchboard.protocol.content;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Plain text ({@code "type":"text"}).
 *
 * @param text        the text; required
 * @param annotations usage hints, or null
 * @param meta        {@code _meta}, or null
 */
public record TextContent(String text, Annotations annotations, JsonObject meta) implements Content {
    /** Validates the required members. */
    public TextContent {
        Objects.requireNonNull(text, "text");
    }

    /** Text without annotations. */
    public static TextContent of(String text) {
        return new TextContent(text, null, null);
    }
}
