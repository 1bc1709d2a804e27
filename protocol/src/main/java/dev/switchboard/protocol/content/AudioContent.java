package dev.switchboard.protocol.content;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Audio ({@code "type":"audio"}).
 *
 * @param data        base64-encoded audio bytes; required
 * @param mimeType    e.g. {@code audio/wav}; required
 * @param annotations usage hints, or null
 * @param meta        {@code _meta}, or null
 */
public record AudioContent(String data, String mimeType, Annotations annotations, JsonObject meta)
        implements Content {
    /** Validates the required members. */
    public AudioContent {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(mimeType, "mimeType");
    }

    /** Audio without annotations. */
    public static AudioContent of(String base64Data, String mimeType) {
        return new AudioContent(base64Data, mimeType, null, null);
    }
}
