package dev.switchboard.protocol.subscriptions;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Params of {@code subscriptions/listen}: open a stream of change notifications.
 *
 * @param notifications what to subscribe to; required
 * @param meta          {@code _meta}, or null
 */
public record SubscriptionsListenRequest(SubscriptionFilter notifications, JsonObject meta) {
    /** Validates the required members. */
    public SubscriptionsListenRequest {
        Objects.requireNonNull(notifications, "notifications");
    }

    /** A request without {@code _meta}. */
    public static SubscriptionsListenRequest of(SubscriptionFilter notifications) {
        return new SubscriptionsListenRequest(notifications, null);
    }
}
