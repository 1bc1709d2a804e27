package dev.switchboard.protocol.prompts;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.Cacheable;
import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * Result of {@code prompts/list}: one page of prompts.
 *
 * @param prompts    the prompts; required
 * @param nextCursor cursor of the next page, or null on the last page
 * @param ttlMs      freshness hint, {@code >= 0}
 * @param cacheScope cache scope; null only when the peer sent none (see {@link Cacheable})
 * @param meta       {@code _meta}, or null
 */
public record ListPromptsResult(List<Prompt> prompts, String nextCursor, long ttlMs, CacheScope cacheScope,
                                JsonObject meta) implements Cacheable {
    /** Validates the required members. */
    public ListPromptsResult {
        prompts = Copies.requiredList(prompts, "prompts");
        if (ttlMs < 0) {
            throw new IllegalArgumentException("ttlMs must be >= 0, got " + ttlMs);
        }
    }

    /** A last (or only) page. */
    public static ListPromptsResult of(List<Prompt> prompts, long ttlMs, CacheScope cacheScope) {
        return new ListPromptsResult(prompts, null, ttlMs, Objects.requireNonNull(cacheScope, "cacheScope"), null);
    }
}
