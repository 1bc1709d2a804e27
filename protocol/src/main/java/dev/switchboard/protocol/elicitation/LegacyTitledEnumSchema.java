package dev.switchboard.protocol.elicitation;

import dev.switchboard.protocol.internal.Copies;

import java.util.List;

/**
 * The older titled single-select form: {@code enum} plus a parallel {@code enumNames}
 * (deprecated in favour of {@link TitledSingleSelectEnumSchema}, still accepted).
 *
 * @param title        label, or null
 * @param description  help text, or null
 * @param values       the choices ({@code enum}); required
 * @param names        their labels ({@code enumNames}), or null
 * @param defaultValue {@code default}, or null
 */
public record LegacyTitledEnumSchema(String title, String description, List<String> values, List<String> names,
                                     String defaultValue) implements PrimitiveSchemaDefinition {
    /** Validates the required members. */
    public LegacyTitledEnumSchema {
        values = Copies.requiredList(values, "enum");
        names = Copies.list(names, "enumNames");
    }
}
