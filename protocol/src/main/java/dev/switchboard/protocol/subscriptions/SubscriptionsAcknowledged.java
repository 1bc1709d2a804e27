package dev.switchboard.protocol.subscriptions;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.RequestId;

import java.util.Objects;

/**
 * Params of {@code notifications/subscriptions/acknowledged}, the first message of a listen
 * stream: the subset of the requested filter the server will honour.
 *
 * @param notifications the honoured filter; required
 * @param meta          {@code _meta}, carrying {@code io.modelcontextprotocol/subscriptionId}
 */
public record SubscriptionsAcknowledged(SubscriptionFilter notifications, JsonObject meta) {
    /** Validates the required members. */
    public SubscriptionsAcknowledged {
        Objects.requireNonNull(notifications, "notifications");
    }

    /** The acknowledgement for the listen request {@code subscriptionId}. */
    public static SubscriptionsAcknowledged of(RequestId subscriptionId, SubscriptionFilter honoured) {
        return new SubscriptionsAcknowledged(honoured,
                JsonObject.of(MetaKeys.SUBSCRIPTION_ID, subscriptionId.toJson()));
    }
}
