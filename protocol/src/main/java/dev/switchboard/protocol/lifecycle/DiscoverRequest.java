package dev.switchboard.protocol.lifecycle;

import dev.switchboard.protocol.json.JsonObject;

/**
 * Params of {@code server/discover}: nothing but the usual request {@code _meta}.
 *
 * @param meta the request's {@code _meta}, or null
 */
public record DiscoverRequest(JsonObject meta) {
    /** A request without {@code _meta} (the transport adds it). */
    public static DiscoverRequest of() {
        return new DiscoverRequest(null);
    }
}
