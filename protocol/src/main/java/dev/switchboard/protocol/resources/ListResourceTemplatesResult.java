package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.Cacheable;
import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * Result of {@code resources/templates/list}: one page of templates.
 *
 * @param resourceTemplates the templates; required
 * @param nextCursor        cursor of the next page, or null on the last page
 * @param ttlMs             freshness hint, {@code >= 0}
 * @param cacheScope        cache scope; null only when the peer sent none (see {@link Cacheable})
 * @param meta              {@code _meta}, or null
 */
public record ListResourceTemplatesResult(List<ResourceTemplate> resourceTemplates, String nextCursor,
                                          long ttlMs, CacheScope cacheScope, JsonObject meta)
        implements Cacheable {
    /** Validates the required members. */
    public ListResourceTemplatesResult {
        resourceTemplates = Copies.requiredList(resourceTemplates, "resourceTemplates");
        if (ttlMs < 0) {
            throw new IllegalArgumentException("ttlMs must be >= 0, got " + ttlMs);
        }
    }

    /** A last (or only) page. */
    public static ListResourceTemplatesResult of(List<ResourceTemplate> templates, long ttlMs, CacheScope cacheScope) {
        return new ListResourceTemplatesResult(templates, null, ttlMs,
                Objects.requireNonNull(cacheScope, "cacheScope"), null);
    }
}
