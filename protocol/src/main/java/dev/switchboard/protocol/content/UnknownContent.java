package dev.switchboard.protocol.content;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * A content block of a {@code type} this build does not know. It is kept verbatim, so a gateway
 * forwards it unchanged and the codec re-encodes exactly {@link #raw()}.
 *
 * @param raw the whole block as received, {@code type} included; required
 */
public record UnknownContent(JsonObject raw) implements Content {
    /** Validates the required members. */
    public UnknownContent {
        Objects.requireNonNull(raw, "raw");
    }

    /** The block's {@code type}, or null when it has none. */
    public String type() {
        return raw.getString("type");
    }
}
