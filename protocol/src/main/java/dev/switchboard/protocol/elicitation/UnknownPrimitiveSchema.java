package dev.switchboard.protocol.elicitation;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * A property schema of a shape this build does not recognise, kept verbatim.
 *
 * @param raw the schema as received; required
 */
public record UnknownPrimitiveSchema(JsonObject raw) implements PrimitiveSchemaDefinition {
    /** Validates the required members. */
    public UnknownPrimitiveSchema {
        Objects.requireNonNull(raw, "raw");
    }

    @Override
    public String title() {
        return raw.getString("title");
    }

    @Override
    public String description() {
        return raw.getString("description");
    }
}
