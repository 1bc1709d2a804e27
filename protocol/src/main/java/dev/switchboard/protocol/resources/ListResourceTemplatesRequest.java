package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.json.JsonObject;

/**
 * Params of {@code resources/templates/list}.
 *
 * @param cursor the previous page's {@code nextCursor}, or null for the first page
 * @param meta   {@code _meta}, or null
 */
public record ListResourceTemplatesRequest(String cursor, JsonObject meta) {
    /** The first page. */
    public static ListResourceTemplatesRequest firstPage() {
        return new ListResourceTemplatesRequest(null, null);
    }
}
