package dev.switchboard.protocol.content;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * An image ({@code "type":"image"}).
 *
 * @param data        base64-encoded image bytes; required
 * @param mimeType    e.g. {@code image/png}; required
 * @param annotations usage hints, or null
 * @param meta        {@code _meta}, or null
 */
public record ImageContent(String data, String mimeType, Annotations annotations, JsonObject meta)
        implements Content {
    /** Validates the required members. */
    public ImageContent {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(mimeType, "mimeType");
    }

    /** An image without annotations. */
    public static ImageContent of(String base64Data, String mimeType) {
        return new ImageContent(base64Data, mimeType, null, null);
    }
}
