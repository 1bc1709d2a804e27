package dev.switchboard.gateway.pinning;

import java.time.Instant;
import java.util.Objects;

/**
 * The definition of a tool that clients see.
 *
 * @param hash       {@link ToolDefinition#hash()} of {@code definition}
 * @param definition the pinned definition
 * @param since      when it was pinned (first seen, or accepted)
 */
public record Pin(String hash, ToolDefinition definition, Instant since) {
    /** Requires every field. */
    public Pin {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(since, "since");
    }
}
