package dev.switchboard.client.internal;

import dev.switchboard.protocol.jsonrpc.Response;

/**
 * What a POST of a request got back.
 *
 * @param status    the HTTP status
 * @param response  the JSON-RPC response (its id checked), or null when the body held none
 * @param sessionId the {@code Mcp-Session-Id} response header, or null
 * @param text      the start of a body that was not a JSON-RPC response, or null
 */
public record PostResult(int status, Response response, String sessionId, String text) {
    /** True for 2xx. */
    public boolean ok() {
        return status / 100 == 2;
    }
}
