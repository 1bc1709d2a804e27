package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.json.JsonObject;

/**
 * Params of {@code resources/list}.
 *
 * @param cursor the previous page's {@code nextCursor}, or null for the first page
 * @param meta   {@code _meta}, or null
 */
public record ListResourcesRequest(String cursor, JsonObject meta) {
    /** The first page. */
    public static ListResourcesRequest firstPage() {
        return new ListResourcesRequest(null, null);
    }
}
