package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.Cacheable;
import dev.switchboard.protocol.content.ResourceContents;
import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * Result of {@code resources/read}. A missing resource is a {@code -32602} error, never an empty
 * {@code contents}.
 *
 * @param contents   the contents; required
 * @param ttlMs      freshness hint, {@code >= 0}
 * @param cacheScope cache scope; null only when the peer sent none (see {@link Cacheable})
 * @param meta       {@code _meta}, or null
 */
public record ReadResourceResult(List<ResourceContents> contents, long ttlMs, CacheScope cacheScope,
                                 JsonObject meta) implements Cacheable {
    /** Validates the required members. */
    public ReadResourceResult {
        contents = Copies.requiredList(contents, "contents");
        if (ttlMs < 0) {
            throw new IllegalArgumentException("ttlMs must be >= 0, got " + ttlMs);
        }
    }

    /** A result with caching hints. */
    public static ReadResourceResult of(List<ResourceContents> contents, long ttlMs, CacheScope cacheScope) {
        return new ReadResourceResult(contents, ttlMs, Objects.requireNonNull(cacheScope, "cacheScope"), null);
    }
}
