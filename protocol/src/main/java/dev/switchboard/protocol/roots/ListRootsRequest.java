package dev.switchboard.protocol.roots;

import dev.switchboard.protocol.json.JsonObject;

/**
 * Params of {@code roots/list}: nothing but an optional {@code _meta}. In 2026-07-28 it travels
 * inside an MRTR input request. Deprecated feature, still functional.
 *
 * @param meta {@code _meta}, or null
 */
public record ListRootsRequest(JsonObject meta) {
    /** The request without {@code _meta}. */
    public static final ListRootsRequest EMPTY = new ListRootsRequest(null);
}
