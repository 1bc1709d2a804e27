package dev.switchboard.gateway.pinning;

import java.time.Instant;
import java.util.Objects;

/**
 * A definition an upstream offers that is not the pinned one, waiting for an operator.
 *
 * @param hash       {@link ToolDefinition#hash()} of {@code definition}
 * @param definition what the upstream offers now
 * @param seen       when a gateway first saw it
 * @param rejected   true once an operator rejected it: it stays held back and is not reported
 *                   again unless the upstream changes it again
 */
public record Pending(String hash, ToolDefinition definition, Instant seen, boolean rejected) {
    /** Requires every field. */
    public Pending {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(seen, "seen");
    }
}
