package dev.switchboard.protocol.sampling;

import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * The client's sampled message: in 2026-07-28 a value of {@code inputResponses}, which carries no
 * {@code resultType}. {@code content} follows the same single-or-array rule as
 * {@link SamplingMessage}.
 *
 * @param role         the speaker (normally assistant); required
 * @param content      the blocks (exactly one when {@code contentArray} is false); required
 * @param contentArray true when {@code content} is a JSON array on the wire
 * @param model        the model that produced it; required
 * @param stopReason   {@code endTurn}, {@code stopSequence}, {@code maxTokens}, {@code toolUse} or
 *                     a provider's own reason, or null
 * @param meta         {@code _meta}, or null
 */
public record CreateMessageResult(Role role, List<Content> content, boolean contentArray, String model,
                                  String stopReason, JsonObject meta) {
    /** Validates the required members. */
    public CreateMessageResult {
        Objects.requireNonNull(role, "role");
        content = Copies.requiredList(content, "content");
        Objects.requireNonNull(model, "model");
        if (!contentArray && content.size() != 1) {
            throw new IllegalArgumentException("content: a single-block result needs exactly one block, got "
                    + content.size());
        }
    }

    /** A single-block assistant message. */
    public static CreateMessageResult of(Content content, String model, String stopReason) {
        return new CreateMessageResult(Role.ASSISTANT, List.of(content), false, model, stopReason, null);
    }
}
