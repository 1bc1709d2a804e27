package dev.switchboard.protocol.content;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Binary contents of a resource.
 *
 * @param uri      the resource URI; required
 * @param mimeType MIME type, or null
 * @param blob     base64-encoded bytes; required
 * @param meta     {@code _meta}, or null
 */
public record BlobResourceContents(String uri, String mimeType, String blob, JsonObject meta)
        implements ResourceContents {
    /** Validates the required members. */
    public BlobResourceContents {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(blob, "blob");
    }

    /** Binary contents with a MIME type. */
    public static BlobResourceContents of(String uri, String mimeType, String base64Blob) {
        return new BlobResourceContents(uri, mimeType, base64Blob, null);
    }
}
