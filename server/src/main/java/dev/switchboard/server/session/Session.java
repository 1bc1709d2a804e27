package dev.switchboard.server.session;

import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.Implementation;

import java.util.Objects;

/**
 * A session-era (2025-11-25 and older) session, as carried inside its sealed
 * {@code Mcp-Session-Id}: any instance holding the key ring reads it without a lookup.
 *
 * @param id                 the sealed id the client sends back
 * @param nonce              a random handle naming the session in shared state (revocation,
 *                           settings, reply routing); never the id itself, which is long
 * @param protocolVersion    the negotiated revision
 * @param clientCapabilities what the client declared in {@code initialize}
 * @param clientInfo         the client's self-reported implementation, or null
 * @param principal          who opened the session
 */
public record Session(String id, String nonce, String protocolVersion, ClientCapabilities clientCapabilities,
                      Implementation clientInfo, String principal) {
    /** Validates the required members. */
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(clientCapabilities, "clientCapabilities");
        Objects.requireNonNull(principal, "principal");
    }
}
