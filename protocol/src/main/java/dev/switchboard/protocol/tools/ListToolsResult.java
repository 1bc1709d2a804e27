package dev.switchboard.protocol.tools;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.Cacheable;
import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * Result of {@code tools/list}: one page of tools, in a deterministic order.
 *
 * @param tools      the tools; required
 * @param nextCursor cursor of the next page, or null on the last page
 * @param ttlMs      freshness hint, {@code >= 0}
 * @param cacheScope cache scope; null only when the peer sent none (see {@link Cacheable})
 * @param meta       {@code _meta}, or null
 */
public record ListToolsResult(List<Tool> tools, String nextCursor, long ttlMs, CacheScope cacheScope,
                              JsonObject meta) implements Cacheable {
    /** Validates the required members. */
    public ListToolsResult {
        tools = Copies.requiredList(tools, "tools");
        if (ttlMs < 0) {
            throw new IllegalArgumentException("ttlMs must be >= 0, got " + ttlMs);
        }
    }

    /** A last (or only) page. */
    public static ListToolsResult of(List<Tool> tools, long ttlMs, CacheScope cacheScope) {
        return new ListToolsResult(tools, null, ttlMs, Objects.requireNonNull(cacheScope, "cacheScope"), null);
    }
}
