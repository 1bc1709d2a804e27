package dev.switchboard.protocol.elicitation;

/**
 * A free-text field ({@code "type":"string"}).
 *
 * @param title        label, or null
 * @param description  help text, or null
 * @param minLength    minimum length, or null
 * @param maxLength    maximum length, or null
 * @param format       {@code email}, {@code uri}, {@code date} or {@code date-time}, or null
 * @param defaultValue {@code default}, or null
 */
public record StringSchema(String title, String description, Integer minLength, Integer maxLength,
                           String format, String defaultValue) implements PrimitiveSchemaDefinition {
    /** A plain text field. */
    public static StringSchema of(String title) {
        return new StringSchema(title, null, null, null, null, null);
    }
}
