package dev.switchboard.protocol.logging;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Params of the session-era {@code logging/setLevel} (removed in 2026-07-28, where the level
 * travels per request in {@code _meta}).
 *
 * @param level the minimum level to send; required
 * @param meta  {@code _meta}, or null
 */
public record SetLevelRequest(LoggingLevel level, JsonObject meta) {
    /** Validates the required members. */
    public SetLevelRequest {
        Objects.requireNonNull(level, "level");
    }
}
