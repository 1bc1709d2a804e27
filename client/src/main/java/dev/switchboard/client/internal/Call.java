package dev.switchboard.client.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.protocol.json.Json;

/**
 * One API call in flight: what is called, with which options, under which control, the progress
 * token it asked for (null without a progress listener), and whether it declares the Tasks
 * extension ({@code io.modelcontextprotocol/tasks}) in its {@code clientCapabilities}.
 *
 * @param method        the JSON-RPC method
 * @param options       the caller's options
 * @param control       deadline and stop switch
 * @param progressToken the {@code _meta.progressToken} sent, or null
 * @param tasks         true to declare the Tasks extension in this request (2026-07-28 only)
 */
public record Call(String method, CallOptions options, CallControl control, Json progressToken, boolean tasks) {
    /** A call that does not declare the Tasks extension. */
    public Call(String method, CallOptions options, CallControl control, Json progressToken) {
        this(method, options, control, progressToken, false);
    }
}
