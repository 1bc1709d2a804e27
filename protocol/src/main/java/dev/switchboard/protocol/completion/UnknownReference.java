package dev.switchboard.protocol.completion;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * A reference of a {@code type} this build does not know, kept verbatim.
 *
 * @param raw the object as received; required
 */
public record UnknownReference(JsonObject raw) implements Reference {
    /** Validates the required members. */
    public UnknownReference {
        Objects.requireNonNull(raw, "raw");
    }

    /** The reference's {@code type}, or null. */
    public String type() {
        return raw.getString("type");
    }
}
