package dev.switchboard.protocol.elicitation;

import dev.switchboard.protocol.internal.Copies;

import java.util.List;

/**
 * Pick several values, each with a label ({@code "type":"array"} whose {@code items} has an
 * {@code anyOf} of {@code const}/{@code title} pairs).
 *
 * @param title        label, or null
 * @param description  help text, or null
 * @param minItems     minimum picks, or null
 * @param maxItems     maximum picks, or null
 * @param options      the choices ({@code items.anyOf}); required
 * @param defaultValue {@code default}, or null
 */
public record TitledMultiSelectEnumSchema(String title, String description, Integer minItems, Integer maxItems,
                                          List<EnumOption> options, List<String> defaultValue)
        implements PrimitiveSchemaDefinition {
    /** Validates the required members. */
    public TitledMultiSelectEnumSchema {
        options = Copies.requiredList(options, "items.anyOf");
        defaultValue = Copies.list(defaultValue, "default");
    }
}
