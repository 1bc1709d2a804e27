package dev.switchboard.protocol.content;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Resource contents of a shape this build does not know (neither {@code text} nor {@code blob}),
 * kept verbatim and re-encoded exactly.
 *
 * @param raw the object as received; required
 */
public record UnknownResourceContents(JsonObject raw) implements ResourceContents {
    /** Validates the required members. */
    public UnknownResourceContents {
        Objects.requireNonNull(raw, "raw");
    }

    @Override
    public String uri() {
        return raw.getString("uri");
    }
}
