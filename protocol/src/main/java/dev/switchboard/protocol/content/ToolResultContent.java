package dev.switchboard.protocol.content;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * The result of a tool use, sent back to the model in sampling ({@code "type":"tool_result"}).
 *
 * @param toolUseId         the {@link ToolUseContent#id()} answered; required
 * @param content           the result's content blocks; required (may be empty)
 * @param structuredContent structured result, or null
 * @param isError           true when the tool failed, or null
 * @param meta              {@code _meta}, or null
 */
public record ToolResultContent(String toolUseId, List<Content> content, Json structuredContent,
                                Boolean isError, JsonObject meta) implements Content {
    /** Validates the required members. */
    public ToolResultContent {
        Objects.requireNonNull(toolUseId, "toolUseId");
        content = Copies.requiredList(content, "content");
    }

    /** A successful tool result with content blocks. */
    public static ToolResultContent of(String toolUseId, Content... content) {
        return new ToolResultContent(toolUseId, List.of(content), null, null, null);
    }
}
