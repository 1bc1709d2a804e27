package dev.switchboard.protocol.elicitation;

/**
 * A checkbox ({@code "type":"boolean"}).
 *
 * @param title        label, or null
 * @param description  help text, or null
 * @param defaultValue {@code default}, or null
 */
public record BooleanSchema(String title, String description, Boolean defaultValue)
        implements PrimitiveSchemaDefinition {
    /** A checkbox with a label. */
    public static BooleanSchema of(String title) {
        return new BooleanSchema(title, null, null);
    }
}
