package dev.switchboard.client.internal;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Complete results of the cacheable requests (brief §3.3: {@code server/discover}, the four
 * lists, {@code resources/read}), kept for their {@code ttlMs} counted from when the response was
 * received ({@code ttlMs} absent or negative, as session-era servers send, means 0: not kept).
 * The key is the method plus the params without {@code _meta}, so a different cursor or uri is a
 * different entry. MRTR retries (params with {@code inputResponses} or {@code requestState}) are
 * neither looked up nor stored, nor are {@code input_required} results. Both {@code cacheScope}s
 * are kept: one client has one authorization context. Bounded, least recently used first out;
 * thread-safe.
 */
public final class ResultCache {
    /** The methods whose results carry {@code ttlMs}/{@code cacheScope}. */
    public static final Set<String> CACHEABLE = Set.of(Methods.SERVER_DISCOVER, Methods.TOOLS_LIST,
            Methods.PROMPTS_LIST, Methods.RESOURCES_LIST, Methods.RESOURCES_TEMPLATES_LIST, Methods.RESOURCES_READ);

    private record Key(String method, JsonObject params) {
    }

    private record Entry(JsonObject result, Instant expires) {
    }

    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long generation; // bumped by every invalidation, so that answers to older requests are not stored

    /** A cache of at most {@code maxEntries} results, timed by {@code clock}. */
    public ResultCache(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** Whether a request of {@code method} with {@code params} may be served from or stored in the cache. */
    public static boolean cacheable(String method, JsonObject params) {
        return CACHEABLE.contains(method) && !params.has("inputResponses") && !params.has("requestState");
    }

    /** The fresh cached result of this request, or null. */
    public synchronized JsonObject get(String method, JsonObject params) {
        Key key = key(method, params);
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (!clock.instant().isBefore(e.expires())) {
            entries.remove(key);
            return null;
        }
        return e.result();
    }

    /** The generation to pass to {@link #put}, taken before the request is sent. */
    public synchronized long generation() {
        return generation;
    }

    /**
     * Keeps {@code result}, just received, for its {@code ttlMs}, unless it is not complete, has no
     * positive {@code ttlMs}, or the cache was invalidated since {@code generation}.
     */
    public synchronized void put(String method, JsonObject params, JsonObject result, long generation) {
        if (generation != this.generation || !cacheable(method, params)) {
            return;
        }
        String type = result.getString("resultType");
        long ttl = ttlMs(result);
        if (type != null && !"complete".equals(type) || ttl <= 0) {
            return;
        }
        Instant now = clock.instant();
        Instant expires = ttl > Long.MAX_VALUE / 2 ? Instant.MAX : now.plusMillis(ttl);
        entries.put(key(method, params), new Entry(result, expires));
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (entries.size() > maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Drops everything (e.g. on reconnect). */
    public synchronized void invalidateAll() {
        generation++;
        entries.clear();
    }

    /** Drops every entry of {@code method}, e.g. all pages of a list whose cursor became invalid or that changed. */
    public synchronized void invalidate(String method) {
        generation++;
        entries.keySet().removeIf(k -> k.method().equals(method));
    }

    /** Drops the entries of {@code method} about {@code uri}, e.g. the read of a resource that changed. */
    public synchronized void invalidate(String method, String uri) {
        generation++;
        entries.keySet().removeIf(k -> k.method().equals(method) && uri.equals(k.params().getString("uri")));
    }

    /** Entries held, fresh or not yet evicted. */
    public synchronized int size() {
        return entries.size();
    }

    private static Key key(String method, JsonObject params) {
        return new Key(method, params.without("_meta"));
    }

    private static long ttlMs(JsonObject result) {
        Json ttl = result.get("ttlMs");
        if (ttl instanceof JsonNumber n && n.isIntegral()) {
            return n.fitsLong() ? Math.max(0, n.longValue()) : n.decimalValue().signum() > 0 ? Long.MAX_VALUE : 0;
        }
        return 0;
    }
}
