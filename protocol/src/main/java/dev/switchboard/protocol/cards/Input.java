package dev.switchboard.protocol.cards;

import dev.switchboard.protocol.internal.Copies;

import java.util.List;

/**
 * A value the user supplies (or that is preset) for a URL variable or a header.
 *
 * @param description  what it is, for a person, or null
 * @param isRequired   whether the connection needs it, or null
 * @param isSecret     whether it is a secret (token, password), or null
 * @param format       {@code string}, {@code number}, {@code boolean} or {@code filepath}, or null
 * @param defaultValue the wire's {@code default}, or null
 * @param placeholder  an example shown while configuring, or null
 * @param value        a preset value (may use {@code {variables}}), or null
 * @param choices      the allowed values, or null
 */
public record Input(String description, Boolean isRequired, Boolean isSecret, String format, String defaultValue,
                    String placeholder, String value, List<String> choices) {
    /** Copies the choices. */
    public Input {
        choices = Copies.list(choices, "choices");
    }

    /** A described input, required or not. */
    public static Input of(String description, boolean required) {
        return new Input(description, required, null, null, null, null, null, null);
    }
}
