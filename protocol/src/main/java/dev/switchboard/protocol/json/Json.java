package dev.switchboard.protocol.json;

/**
 * An immutable JSON value: the open-ended part of the wire (tool arguments, schemas, {@code _meta},
 * anything a gateway forwards without understanding it).
 *
 * <p>JSON has exactly six kinds of value and will never grow, so the tree is sealed and a
 * {@code switch} over it is exhaustive. Values are thread-safe and compare by content; numbers
 * compare numerically ({@code 42} equals {@code 42.0}).
 */
public sealed interface Json permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

    /** Returns {@link JsonNull#INSTANCE} for {@code null}, else a {@link JsonString}. */
    static Json of(String value) {
        return value == null ? JsonNull.INSTANCE : new JsonString(value);
    }

    /** A JSON number holding {@code value}. */
    static Json of(long value) {
        return JsonNumber.of(value);
    }

    /** A JSON boolean. */
    static Json of(boolean value) {
        return JsonBoolean.of(value);
    }

    /** The JSON kind, for messages ("expected object, got array"). */
    default String kind() {
        return switch (this) {
            case JsonObject o -> "object";
            case JsonArray a -> "array";
            case JsonString s -> "string";
            case JsonNumber n -> "number";
            case JsonBoolean b -> "boolean";
            case JsonNull n -> "null";
        };
    }

    /** This value as an object, or {@code null} when it is of another kind. */
    default JsonObject asObject() {
        return this instanceof JsonObject o ? o : null;
    }

    /** This value as a Java string, or {@code null} when it is not a JSON string. */
    default String asString() {
        return this instanceof JsonString s ? s.value() : null;
    }

    /** True for JSON {@code null}. */
    default boolean isNull() {
        return this instanceof JsonNull;
    }
}
