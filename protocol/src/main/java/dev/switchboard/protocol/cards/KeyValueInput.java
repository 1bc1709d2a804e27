package dev.switchboard.protocol.cards;

import dev.switchboard.protocol.internal.Copies;

import java.util.Map;
import java.util.Objects;

/**
 * A named {@link Input}, used for HTTP headers, whose value may reference variables.
 *
 * @param name      the header name; required
 * @param input     the input's other members; required (all of them may be null)
 * @param variables the variables referenced by {@code input.value()}, or null
 */
public record KeyValueInput(String name, Input input, Map<String, Input> variables) {
    /** Checks the required members. */
    public KeyValueInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        variables = Copies.map(variables, "variables");
    }
}
