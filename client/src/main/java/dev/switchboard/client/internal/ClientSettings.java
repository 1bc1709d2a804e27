package dev.switchboard.client.internal;

import dev.switchboard.client.Era;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.Implementation;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Everything an {@code McpClient.Builder} collected, checked and frozen.
 *
 * @param endpoint         the MCP endpoint
 * @param era              the era mode
 * @param clientInfo       sent as {@code clientInfo}
 * @param capabilities     derived from the registered handlers
 * @param answers          the input handlers
 * @param timeout          default call timeout
 * @param headers          extra headers on every request (e.g. {@code Authorization})
 * @param maxInputRounds   most MRTR rounds per call
 * @param maxResponseBytes largest JSON body or SSE event accepted
 * @param sessionStream    session era: open the standalone GET stream after {@code initialize}
 * @param sessionStore     session era: where the session is kept and shared (null: this client's own)
 */
public record ClientSettings(URI endpoint, Era era, Implementation clientInfo, ClientCapabilities capabilities,
                             InputAnswers answers, Duration timeout, Map<String, String> headers,
                             int maxInputRounds, long maxResponseBytes, boolean sessionStream,
                             dev.switchboard.client.SessionStore sessionStore) {
    /** Copies the headers. */
    public ClientSettings {
        headers = Map.copyOf(headers);
    }
}
