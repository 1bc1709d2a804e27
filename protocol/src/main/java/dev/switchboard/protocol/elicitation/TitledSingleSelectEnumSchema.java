package dev.switchboard.protocol.elicitation;

import dev.switchboard.protocol.internal.Copies;

import java.util.List;

/**
 * Pick one of several values, each with a label ({@code "type":"string"} with {@code oneOf}).
 *
 * @param title        label, or null
 * @param description  help text, or null
 * @param options      the choices ({@code oneOf}); required
 * @param defaultValue {@code default}, or null
 */
public record TitledSingleSelectEnumSchema(String title, String description, List<EnumOption> options,
                                           String defaultValue) implements PrimitiveSchemaDefinition {
    /** Validates the required members. */
    public TitledSingleSelectEnumSchema {
        options = Copies.requiredList(options, "oneOf");
    }
}
