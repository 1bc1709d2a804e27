package dev.switchboard.protocol.prompts;

import java.util.Objects;

/**
 * One argument of a {@link Prompt}.
 *
 * @param name        the argument's name; required
 * @param title       display name, or null
 * @param description description, or null
 * @param required    true when the argument must be given, or null (default false)
 */
public record PromptArgument(String name, String title, String description, Boolean required) {
    /** Validates the required members. */
    public PromptArgument {
        Objects.requireNonNull(name, "name");
    }

    /** A required argument. */
    public static PromptArgument required(String name, String description) {
        return new PromptArgument(name, null, description, true);
    }

    /** An optional argument. */
    public static PromptArgument optional(String name, String description) {
        return new PromptArgument(name, null, description, null);
    }
}
