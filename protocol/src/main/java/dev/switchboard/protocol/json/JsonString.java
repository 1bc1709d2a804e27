package dev.switchboard.protocol.json;

import java.util.Objects;

/** A JSON string. */
public record JsonString(String value) implements Json {
    /** Creates a string value; {@code value} must not be null (use {@link JsonNull}). */
    public JsonString {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return JsonText.write(this);
    }
}
