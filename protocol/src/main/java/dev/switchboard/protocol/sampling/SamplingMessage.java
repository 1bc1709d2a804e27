package dev.switchboard.protocol.sampling;

import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * One message of a sampling conversation. On the wire {@code content} is either one block or an
 * array of blocks; {@link #contentArray()} remembers which, so a message re-encodes as it came.
 *
 * @param role         the speaker; required
 * @param content      the blocks (exactly one when {@code contentArray} is false); required
 * @param contentArray true when {@code content} is a JSON array on the wire
 * @param meta         {@code _meta}, or null
 */
public record SamplingMessage(Role role, List<Content> content, boolean contentArray, JsonObject meta) {
    /** Validates the required members. */
    public SamplingMessage {
        Objects.requireNonNull(role, "role");
        content = Copies.requiredList(content, "content");
        if (!contentArray && content.size() != 1) {
            throw new IllegalArgumentException("content: a single-block message needs exactly one block, got "
                    + content.size());
        }
    }

    /** A message with one block (written as a single object). */
    public static SamplingMessage of(Role role, Content content) {
        return new SamplingMessage(role, List.of(content), false, null);
    }

    /** A message with several blocks (written as an array). */
    public static SamplingMessage of(Role role, List<Content> content) {
        return new SamplingMessage(role, content, true, null);
    }

    /** A user message with text. */
    public static SamplingMessage user(String text) {
        return of(Role.USER, TextContent.of(text));
    }
}
