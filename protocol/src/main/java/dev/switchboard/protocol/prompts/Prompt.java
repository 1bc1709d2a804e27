package dev.switchboard.protocol.prompts;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Icon;

import java.util.List;
import java.util.Objects;

/**
 * A prompt template the server offers, as listed by {@code prompts/list}.
 *
 * @param name        programmatic name; required
 * @param title       display name, or null
 * @param description description, or null
 * @param arguments   the arguments it takes, or null
 * @param icons       icons, or null
 * @param meta        {@code _meta}, or null
 */
public record Prompt(String name, String title, String description, List<PromptArgument> arguments,
                     List<Icon> icons, JsonObject meta) {
    /** Validates the required members. */
    public Prompt {
        Objects.requireNonNull(name, "name");
        arguments = Copies.list(arguments, "arguments");
        icons = Copies.list(icons, "icons");
    }

    /** A prompt with a description and arguments. */
    public static Prompt of(String name, String description, PromptArgument... arguments) {
        return new Prompt(name, null, description, List.of(arguments), null, null);
    }
}
