package dev.switchboard.protocol.elicitation;

/**
 * The schema of one property of a form-mode {@link ElicitRequest#requestedSchema()}: the
 * restricted, flat JSON Schema subset the spec allows. {@link ElicitRequest} keeps the schema
 * as an open {@code JsonObject} (a gateway forwards it untouched); these records are the typed
 * view for servers that build forms and clients that render them.
 *
 * <p>Not sealed: an unrecognised shape decodes to {@link UnknownPrimitiveSchema}.
 */
public interface PrimitiveSchemaDefinition {
    /** Display label, or null. */
    String title();

    /** Help text, or null. */
    String description();
}
