package dev.switchboard.protocol;

/**
 * A result that carries caching hints ({@code CacheableResult} in the schema): the results of
 * {@code server/discover}, the four list methods and {@code resources/read}.
 *
 * <p>A modern server must always set both hints; the codec writes them whenever
 * {@link #cacheScope()} is set. A null scope means the peer sent none (session-era servers, or
 * the upstream example that omits them); consumers then treat the result as immediately stale,
 * as the spec says for an absent {@code ttlMs}.
 */
public interface Cacheable {
    /** Freshness hint in milliseconds, {@code >= 0}; {@code 0} means immediately stale. */
    long ttlMs();

    /** Who may reuse the result; null only when the peer sent no hint. */
    CacheScope cacheScope();
}
