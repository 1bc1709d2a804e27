package dev.switchboard.protocol.notifications;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.RequestId;

import java.util.Objects;

/**
 * Params of {@code notifications/cancelled}. Used on stdio and in the session era; over modern
 * HTTP, closing the response stream is the cancellation.
 *
 * @param requestId the request being cancelled; required
 * @param reason    why, or null
 * @param meta      {@code _meta}, or null
 */
public record CancelledNotification(RequestId requestId, String reason, JsonObject meta) {
    /** Validates the required members. */
    public CancelledNotification {
        Objects.requireNonNull(requestId, "requestId");
    }

    /** A cancellation with a reason. */
    public static CancelledNotification of(RequestId requestId, String reason) {
        return new CancelledNotification(requestId, reason, null);
    }
}
