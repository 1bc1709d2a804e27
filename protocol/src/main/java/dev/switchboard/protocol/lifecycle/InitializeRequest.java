package dev.switchboard.protocol.lifecycle;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Params of the session-era {@code initialize} handshake (2025-11-25 and earlier). Removed in
 * 2026-07-28, where each request carries its version and capabilities in {@code _meta}.
 *
 * @param protocolVersion the newest revision the client speaks; required
 * @param capabilities    the client's capabilities; required
 * @param clientInfo      the client implementation; required
 * @param meta            {@code _meta}, or null
 */
public record InitializeRequest(String protocolVersion, ClientCapabilities capabilities,
                                Implementation clientInfo, JsonObject meta) {
    /** Validates the required members. */
    public InitializeRequest {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(clientInfo, "clientInfo");
    }
}
