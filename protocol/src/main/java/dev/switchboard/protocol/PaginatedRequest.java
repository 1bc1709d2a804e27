package dev.switchboard.protocol;

import dev.switchboard.protocol.json.JsonObject;

/**
 * The generic params of a paginated list request ({@code PaginatedRequestParams}). The four list
 * methods have their own records of the same shape ({@code ListToolsRequest} and friends); this
 * one serves code that pages any list.
 *
 * @param cursor the opaque cursor from the previous page's {@code nextCursor}; null for the first page
 * @param meta   the request's {@code _meta}, or null
 */
public record PaginatedRequest(String cursor, JsonObject meta) {
    /** The first page. */
    public static PaginatedRequest firstPage() {
        return new PaginatedRequest(null, null);
    }

    /** The page after {@code cursor}. */
    public static PaginatedRequest after(String cursor) {
        return new PaginatedRequest(cursor, null);
    }
}
