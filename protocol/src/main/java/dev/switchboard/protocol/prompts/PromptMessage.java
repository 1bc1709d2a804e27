package dev.switchboard.protocol.prompts;

import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.content.TextContent;

import java.util.Objects;

/**
 * One message of a rendered prompt.
 *
 * @param role    the speaker; required
 * @param content one content block; required
 */
public record PromptMessage(Role role, Content content) {
    /** Validates the required members. */
    public PromptMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** A user message with text. */
    public static PromptMessage user(String text) {
        return new PromptMessage(Role.USER, TextContent.of(text));
    }

    /** An assistant message with text. */
    public static PromptMessage assistant(String text) {
        return new PromptMessage(Role.ASSISTANT, TextContent.of(text));
    }
}
