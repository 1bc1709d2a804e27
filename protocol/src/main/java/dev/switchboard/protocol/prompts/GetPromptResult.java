package dev.switchboard.protocol.prompts;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;

/**
 * Result of {@code prompts/get}.
 *
 * @param description description of the rendered prompt, or null
 * @param messages    the messages; required
 * @param meta        {@code _meta}, or null
 */
public record GetPromptResult(String description, List<PromptMessage> messages, JsonObject meta) {
    /** Validates the required members. */
    public GetPromptResult {
        messages = Copies.requiredList(messages, "messages");
    }

    /** A result with a description and messages. */
    public static GetPromptResult of(String description, PromptMessage... messages) {
        return new GetPromptResult(description, List.of(messages), null);
    }
}
