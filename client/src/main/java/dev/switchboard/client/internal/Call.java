package dev.switchboard.client.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.protocol.json.Json;

/**
 * One API call in flight: what is called, with which options, under which control, and the
 * progress token it asked for (null without a progress listener).
 *
 * @param method        the JSON-RPC method
 * @param options       the caller's options
 * @param control       deadline and stop switch
 * @param progressToken the {@code _meta.progressToken} sent, or null
 */
public record Call(String method, CallOptions options, CallControl control, Json progressToken) {
}
