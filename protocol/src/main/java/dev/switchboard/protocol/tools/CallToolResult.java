package dev.switchboard.protocol.tools;

import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;

/**
 * Result of {@code tools/call}. A tool that fails reports it here with {@code isError: true}
 * (so the model can see and correct it), not as a JSON-RPC error.
 *
 * @param content           content blocks; required (may be empty)
 * @param structuredContent structured result matching the tool's {@code outputSchema}, or null
 * @param isError           true when the tool failed, or null
 * @param meta              {@code _meta}, or null
 */
public record CallToolResult(List<Content> content, Json structuredContent, Boolean isError, JsonObject meta) {
    /** Validates the required members. */
    public CallToolResult {
        content = Copies.requiredList(content, "content");
    }

    /** A successful result with content blocks. */
    public static CallToolResult of(Content... content) {
        return new CallToolResult(List.of(content), null, null, null);
    }

    /** A successful result with structured content and its text rendering. */
    public static CallToolResult structured(Json structuredContent, Content... content) {
        return new CallToolResult(List.of(content), structuredContent, null, null);
    }

    /** A tool failure the model can read: one text block and {@code isError: true}. */
    public static CallToolResult error(String message) {
        return new CallToolResult(List.of(TextContent.of(message)), null, true, null);
    }
}
