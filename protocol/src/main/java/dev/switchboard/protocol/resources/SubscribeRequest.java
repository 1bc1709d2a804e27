package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Params of the session-era {@code resources/subscribe} (removed in 2026-07-28, where
 * {@code subscriptions/listen} replaces it).
 *
 * @param uri  the resource; required
 * @param meta {@code _meta}, or null
 */
public record SubscribeRequest(String uri, JsonObject meta) {
    /** Validates the required members. */
    public SubscribeRequest {
        Objects.requireNonNull(uri, "uri");
    }

    /** A request for {@code uri}. */
    public static SubscribeRequest of(String uri) {
        return new SubscribeRequest(uri, null);
    }
}
