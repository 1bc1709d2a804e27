package dev.switchboard.client.internal;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;

/**
 * The client's link to one server in one era, as negotiated: it turns a method and its params
 * into one request on the wire (adding what that era needs: {@code _meta} and headers, or the
 * session) and returns the result object. Transports other than HTTP (stdio) implement it too.
 */
public interface Connection {
    /** True for MCP 2026-07-28, false for the session era. */
    boolean isModern();

    /** The negotiated revision, e.g. {@code 2026-07-28} or {@code 2025-11-25}. */
    String protocolVersion();

    /**
     * What the server said about itself: the {@code server/discover} result (modern, null when the
     * probe did not get one) or one made from the {@code initialize} result (session era).
     */
    DiscoverResult description();

    /** Remembers a fresh {@code server/discover} result (modern only; others ignore it). */
    default void describe(DiscoverResult result) {
    }

    /** The server's implementation info, or null when unknown. */
    Implementation serverInfo();

    /** The server's capabilities, or null when unknown. */
    default ServerCapabilities serverCapabilities() {
        DiscoverResult d = description();
        return d == null ? null : d.capabilities();
    }

    /**
     * Sends one request with a fresh id and returns its result object (any {@code resultType}).
     *
     * @throws dev.switchboard.client.McpClientException on a JSON-RPC error or any other failure
     */
    JsonObject request(Call call, JsonObject params);

    /** Ends the connection (the session era sends DELETE); best effort, never throws. */
    void close(CallControl control);
}
