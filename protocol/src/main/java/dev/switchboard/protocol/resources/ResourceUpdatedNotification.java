package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Params of {@code notifications/resources/updated}: a subscribed resource changed. On a listen
 * stream {@code _meta} carries {@code io.modelcontextprotocol/subscriptionId}.
 *
 * @param uri  the resource that changed; required
 * @param meta {@code _meta}, or null
 */
public record ResourceUpdatedNotification(String uri, JsonObject meta) {
    /** Validates the required members. */
    public ResourceUpdatedNotification {
        Objects.requireNonNull(uri, "uri");
    }

    /** A notification without {@code _meta}. */
    public static ResourceUpdatedNotification of(String uri) {
        return new ResourceUpdatedNotification(uri, null);
    }
}
