package dev.switchboard.protocol.prompts;

import dev.switchboard.protocol.json.JsonObject;

/**
 * Params of {@code prompts/list}.
 *
 * @param cursor the previous page's {@code nextCursor}, or null for the first page
 * @param meta   {@code _meta}, or null
 */
public record ListPromptsRequest(String cursor, JsonObject meta) {
    /** The first page. */
    public static ListPromptsRequest firstPage() {
        return new ListPromptsRequest(null, null);
    }
}
