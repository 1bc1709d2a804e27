package dev.switchboard.protocol.logging;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Params of {@code notifications/message}: one log entry. In 2026-07-28 it is sent only on the
 * stream of a request that carried {@code io.modelcontextprotocol/logLevel}, at or above it.
 *
 * @param level  severity; required
 * @param logger the logger's name, or null
 * @param data   any JSON value to log; required
 * @param meta   {@code _meta}, or null
 */
public record LoggingMessageNotification(LoggingLevel level, String logger, Json data, JsonObject meta) {
    /** Validates the required members. */
    public LoggingMessageNotification {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(data, "data");
    }

    /** A message with a logger and data. */
    public static LoggingMessageNotification of(LoggingLevel level, String logger, Json data) {
        return new LoggingMessageNotification(level, logger, data, null);
    }
}
