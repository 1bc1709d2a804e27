package dev.switchboard.protocol.lifecycle;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Result of the session-era {@code initialize}. Being session-era only, it is encoded without
 * {@code resultType} (that member arrived in 2026-07-28).
 *
 * @param protocolVersion the revision the server chose; required
 * @param capabilities    the server's capabilities; required
 * @param serverInfo      the server implementation; required
 * @param instructions    hints for the model, or null
 * @param meta            {@code _meta}, or null
 */
public record InitializeResult(String protocolVersion, ServerCapabilities capabilities,
                               Implementation serverInfo, String instructions, JsonObject meta) {
    /** Validates the required members. */
    public InitializeResult {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(serverInfo, "serverInfo");
    }
}
