package dev.switchboard.protocol.notifications;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.util.Objects;

/**
 * Params of {@code notifications/progress}, sent only for a request that carried
 * {@code _meta.progressToken}; {@code progress} must strictly increase.
 *
 * @param progressToken the request's token (a JSON string or integer, kept with its type); required
 * @param progress      progress so far
 * @param total         the total, or null when unknown
 * @param message       a human-readable status, or null
 * @param meta          {@code _meta}, or null
 */
public record ProgressNotification(Json progressToken, double progress, Double total, String message,
                                   JsonObject meta) {
    /** Validates the required members. */
    public ProgressNotification {
        Objects.requireNonNull(progressToken, "progressToken");
        if (!(progressToken instanceof JsonString)
                && !(progressToken instanceof JsonNumber n && n.isIntegral())) {
            throw new IllegalArgumentException("progressToken must be a string or an integer, got " + progressToken);
        }
    }

    /** A progress update with a total and a message. */
    public static ProgressNotification of(Json progressToken, double progress, Double total, String message) {
        return new ProgressNotification(progressToken, progress, total, message, null);
    }
}
