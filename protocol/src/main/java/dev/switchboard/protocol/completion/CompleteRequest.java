package dev.switchboard.protocol.completion;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.Map;
import java.util.Objects;

/**
 * Params of {@code completion/complete}: suggest values for one argument.
 *
 * @param ref      the prompt or resource template; required
 * @param argument the argument being completed; required
 * @param context  values of arguments already given, or null
 * @param meta     {@code _meta}, or null
 */
public record CompleteRequest(Reference ref, Argument argument, Context context, JsonObject meta) {
    /** Validates the required members. */
    public CompleteRequest {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(argument, "argument");
    }

    /** A request without context. */
    public static CompleteRequest of(Reference ref, String argumentName, String partialValue) {
        return new CompleteRequest(ref, new Argument(argumentName, partialValue), null, null);
    }

    /**
     * The argument being completed.
     *
     * @param name  the argument's name; required
     * @param value what the user typed so far; required
     */
    public record Argument(String name, String value) {
        /** Validates the required members. */
        public Argument {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Context for the completion.
     *
     * @param arguments values of other arguments already resolved, or null
     */
    public record Context(Map<String, String> arguments) {
        /** Copies the map. */
        public Context {
            arguments = Copies.map(arguments, "arguments");
        }
    }
}
