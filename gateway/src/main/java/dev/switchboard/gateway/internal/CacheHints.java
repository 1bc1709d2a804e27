package dev.switchboard.gateway.internal;

import dev.switchboard.protocol.CacheScope;

/**
 * A caching hint ({@code ttlMs}, {@code cacheScope}) and the rule for merging several: what the
 * gateway promises may never be fresher or more widely shareable than what any contributing
 * upstream promised, so the shortest {@code ttlMs} and the narrowest scope win.
 *
 * @param ttlMs freshness in milliseconds, {@code >= 0}
 * @param scope who may reuse the result
 */
public record CacheHints(long ttlMs, CacheScope scope) {
    /** What an upstream that gave no hint (the session era) promised: nothing. */
    public static final CacheHints NONE = new CacheHints(0, CacheScope.PRIVATE);

    /** Checks the hint. */
    public CacheHints {
        if (ttlMs < 0) {
            throw new IllegalArgumentException("ttlMs must be >= 0, got " + ttlMs);
        }
        java.util.Objects.requireNonNull(scope, "scope");
    }

    /**
     * The hint an upstream gave, read as the spec's consumer rules say: a negative {@code ttlMs}
     * is 0, and a missing scope is taken as {@code private}, the narrower one.
     */
    public static CacheHints of(long ttlMs, CacheScope scope) {
        return new CacheHints(Math.max(0, ttlMs), scope == null ? CacheScope.PRIVATE : scope);
    }

    /** The more conservative of the two on each member. */
    public CacheHints and(CacheHints other) {
        if (other == null) {
            return this;
        }
        return new CacheHints(Math.min(ttlMs, other.ttlMs),
                scope == CacheScope.PRIVATE || other.scope == CacheScope.PRIVATE ? CacheScope.PRIVATE : CacheScope.PUBLIC);
    }
}
