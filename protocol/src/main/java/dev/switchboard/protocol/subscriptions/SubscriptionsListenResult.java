package dev.switchboard.protocol.subscriptions;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.RequestId;

import java.util.Objects;

/**
 * Result of {@code subscriptions/listen}, sent only when the server ends the stream gracefully.
 * The body is empty but for {@code _meta}, which must carry
 * {@code io.modelcontextprotocol/subscriptionId}.
 *
 * @param meta {@code _meta}; required
 */
public record SubscriptionsListenResult(JsonObject meta) {
    /** Validates the required members. */
    public SubscriptionsListenResult {
        Objects.requireNonNull(meta, "_meta");
    }

    /** The closing result of the listen request {@code subscriptionId}. */
    public static SubscriptionsListenResult of(RequestId subscriptionId) {
        return new SubscriptionsListenResult(JsonObject.of(MetaKeys.SUBSCRIPTION_ID, subscriptionId.toJson()));
    }

    /** The stream's id from {@code _meta}, or null when absent or malformed. */
    public RequestId subscriptionId() {
        var id = meta.get(MetaKeys.SUBSCRIPTION_ID);
        return id == null ? null : RequestId.fromJson(id);
    }
}
