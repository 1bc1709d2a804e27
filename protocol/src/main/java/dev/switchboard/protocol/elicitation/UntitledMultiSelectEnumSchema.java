package dev.switchboard.protocol.elicitation;

import dev.switchboard.protocol.internal.Copies;

import java.util.List;

/**
 * Pick several strings ({@code "type":"array"} whose {@code items} has an {@code enum}).
 *
 * @param title        label, or null
 * @param description  help text, or null
 * @param minItems     minimum picks, or null
 * @param maxItems     maximum picks, or null
 * @param values       the choices ({@code items.enum}); required
 * @param defaultValue {@code default}, or null
 */
public record UntitledMultiSelectEnumSchema(String title, String description, Integer minItems, Integer maxItems,
                                            List<String> values, List<String> defaultValue)
        implements PrimitiveSchemaDefinition {
    /** Validates the required members. */
    public UntitledMultiSelectEnumSchema {
        values = Copies.requiredList(values, "items.enum");
        defaultValue = Copies.list(defaultValue, "default");
    }
}
