package dev.switchboard.server.session;

import dev.switchboard.protocol.json.JsonObject;

/**
 * The outcome of an {@code initialize}: the new session (whose sealed id goes back in the
 * {@code Mcp-Session-Id} header) and the encoded {@code InitializeResult}.
 *
 * @param session the session opened
 * @param result  the result to send
 */
public record Initialized(Session session, JsonObject result) {
}
