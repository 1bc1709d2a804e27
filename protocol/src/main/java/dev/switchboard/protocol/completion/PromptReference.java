package dev.switchboard.protocol.completion;

import java.util.Objects;

/**
 * A prompt whose argument is being completed ({@code "type":"ref/prompt"}).
 *
 * @param name  the prompt's name; required
 * @param title display name, or null
 */
public record PromptReference(String name, String title) implements Reference {
    /** Validates the required members. */
    public PromptReference {
        Objects.requireNonNull(name, "name");
    }

    /** A reference by name. */
    public static PromptReference of(String name) {
        return new PromptReference(name, null);
    }
}
