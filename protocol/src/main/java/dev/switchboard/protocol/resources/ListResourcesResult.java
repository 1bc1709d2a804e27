package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.Cacheable;
import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * Result of {@code resources/list}: one page of resources.
 *
 * @param resources  the resources; required
 * @param nextCursor cursor of the next page, or null on the last page
 * @param ttlMs      freshness hint, {@code >= 0}
 * @param cacheScope cache scope; null only when the peer sent none (see {@link Cacheable})
 * @param meta       {@code _meta}, or null
 */
public record ListResourcesResult(List<Resource> resources, String nextCursor, long ttlMs,
                                  CacheScope cacheScope, JsonObject meta) implements Cacheable {
    /** Validates the required members. */
    public ListResourcesResult {
        resources = Copies.requiredList(resources, "resources");
        if (ttlMs < 0) {
            throw new IllegalArgumentException("ttlMs must be >= 0, got " + ttlMs);
        }
    }

    /** A last (or only) page. */
    public static ListResourcesResult of(List<Resource> resources, long ttlMs, CacheScope cacheScope) {
        return new ListResourcesResult(resources, null, ttlMs, Objects.requireNonNull(cacheScope, "cacheScope"), null);
    }
}
