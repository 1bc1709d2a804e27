package dev.switchboard.protocol.tools;

import dev.switchboard.protocol.json.JsonObject;

/**
 * Params of {@code tools/list}.
 *
 * @param cursor the previous page's {@code nextCursor}, or null for the first page
 * @param meta   {@code _meta}, or null
 */
public record ListToolsRequest(String cursor, JsonObject meta) {
    /** The first page. */
    public static ListToolsRequest firstPage() {
        return new ListToolsRequest(null, null);
    }
}
