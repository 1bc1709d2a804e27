package dev.switchboard.protocol.lifecycle;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.Cacheable;
import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * Result of {@code server/discover}: versions, capabilities and caching hints. The server's
 * {@code serverInfo} goes in {@code _meta} ({@code io.modelcontextprotocol/serverInfo}).
 *
 * @param supportedVersions every revision served, newest first; required
 * @param capabilities      the server's capabilities; required
 * @param instructions      hints for the model, or null
 * @param ttlMs             freshness hint, {@code >= 0}
 * @param cacheScope        cache scope; null only when the peer sent none (see {@link Cacheable})
 * @param meta              {@code _meta}, or null
 */
public record DiscoverResult(List<String> supportedVersions, ServerCapabilities capabilities,
                             String instructions, long ttlMs, CacheScope cacheScope,
                             JsonObject meta) implements Cacheable {
    /** Validates the required members. */
    public DiscoverResult {
        supportedVersions = Copies.requiredList(supportedVersions, "supportedVersions");
        Objects.requireNonNull(capabilities, "capabilities");
        if (ttlMs < 0) {
            throw new IllegalArgumentException("ttlMs must be >= 0, got " + ttlMs);
        }
    }

    /** A result without instructions or {@code _meta}. */
    public static DiscoverResult of(List<String> supportedVersions, ServerCapabilities capabilities,
                                    long ttlMs, CacheScope cacheScope) {
        return new DiscoverResult(supportedVersions, capabilities, null, ttlMs,
                Objects.requireNonNull(cacheScope, "cacheScope"), null);
    }
}
