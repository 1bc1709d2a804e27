package dev.switchboard.protocol.json;

/** A JSON boolean; use the two constants. */
public enum JsonBoolean implements Json {
    /** {@code true}. */
    TRUE,
    /** {@code false}. */
    FALSE;

    /** The constant for {@code value}. */
    public static JsonBoolean of(boolean value) {
        return value ? TRUE : FALSE;
    }

    /** The Java boolean. */
    public boolean value() {
        return this == TRUE;
    }

    @Override
    public String toString() {
        return value() ? "true" : "false";
    }
}
