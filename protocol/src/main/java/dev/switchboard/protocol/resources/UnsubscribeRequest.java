package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Params of the session-era {@code resources/unsubscribe} (removed in 2026-07-28, where
 * {@code subscriptions/listen} replaces it).
 *
 * @param uri  the resource; required
 * @param meta {@code _meta}, or null
 */
public record UnsubscribeRequest(String uri, JsonObject meta) {
    /** Validates the required members. */
    public UnsubscribeRequest {
        Objects.requireNonNull(uri, "uri");
    }

    /** A request for {@code uri}. */
    public static UnsubscribeRequest of(String uri) {
        return new UnsubscribeRequest(uri, null);
    }
}
