package dev.switchboard.protocol.elicitation;

/**
 * A numeric field ({@code "type":"number"} or {@code "integer"}).
 *
 * @param integer      true for {@code "integer"}, false for {@code "number"}
 * @param title        label, or null
 * @param description  help text, or null
 * @param minimum      inclusive minimum, or null
 * @param maximum      inclusive maximum, or null
 * @param defaultValue {@code default}, or null
 */
public record NumberSchema(boolean integer, String title, String description, Double minimum, Double maximum,
                           Double defaultValue) implements PrimitiveSchemaDefinition {
    /** A number field. */
    public static NumberSchema number(String title) {
        return new NumberSchema(false, title, null, null, null, null);
    }

    /** An integer field. */
    public static NumberSchema integer(String title) {
        return new NumberSchema(true, title, null, null, null, null);
    }
}
