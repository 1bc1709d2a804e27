package dev.switchboard.protocol.elicitation;

import dev.switchboard.protocol.internal.Copies;

import java.util.List;

/**
 * Pick one of several strings, shown as they are ({@code "type":"string"} with {@code enum}).
 *
 * @param title        label, or null
 * @param description  help text, or null
 * @param values       the choices ({@code enum}); required
 * @param defaultValue {@code default}, or null
 */
public record UntitledSingleSelectEnumSchema(String title, String description, List<String> values,
                                             String defaultValue) implements PrimitiveSchemaDefinition {
    /** Validates the required members. */
    public UntitledSingleSelectEnumSchema {
        values = Copies.requiredList(values, "enum");
    }
}
