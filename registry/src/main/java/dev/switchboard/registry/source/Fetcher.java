package dev.switchboard.registry.source;

import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.SafeHttpClient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * The crawler's way out, always through the {@link SafeHttpClient} (so no private or loopback
 * target unless the client allows it), with three manners on top:
 * <ul>
 *   <li>at most {@code perHost} requests at a time to one host;</li>
 *   <li>a document fetched before is revalidated with {@code If-None-Match}, and a {@code 304}
 *       reuses the copy kept from last time;</li>
 *   <li>failures that may pass (no answer, a timeout, 429 or 5xx) are retried with exponential
 *       backoff and jitter; refusals and other answers are final.</li>
 * </ul>
 * Thread-safe; blocks the calling thread (call it from virtual threads).
 */
public final class Fetcher {
    private final SafeHttpClient http;
    private final int perHost;
    private final int attempts;
    private final Duration backoff;
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();
    private final Map<URI, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String etag, byte[] body) {
    }

    /**
     * A fetcher over {@code http}.
     *
     * @param perHost  the most concurrent requests to one host (at least 1)
     * @param attempts how many times a retriable failure is tried in all (at least 1)
     * @param backoff  the wait before the first retry, doubled for each further one
     */
    public Fetcher(SafeHttpClient http, int perHost, int attempts, Duration backoff) {
        this.http = Objects.requireNonNull(http, "http");
        if (perHost < 1 || attempts < 1) {
            throw new IllegalArgumentException("perHost and attempts must be at least 1");
        }
        this.perHost = perHost;
        this.attempts = attempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * A fetched document.
     *
     * @param body        its bytes (the kept copy when not modified)
     * @param notModified true when the server answered 304 and the kept copy was used
     * @param attempts    how many requests it took
     */
    public record Fetched(byte[] body, boolean notModified, int attempts) {
    }

    /**
     * GETs {@code uri} accepting {@code types}.
     *
     * @throws OutboundException with the last failure when every attempt failed or the failure is final
     * @throws InterruptedException when interrupted while waiting for the host or a retry
     */
    public Fetched get(URI uri, Set<String> types) throws OutboundException, InterruptedException {
        Semaphore host = hosts.computeIfAbsent(String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT),
                h -> new Semaphore(perHost, true));
        host.acquire();
        try {
            for (int attempt = 1; ; attempt++) {
                Cached kept = cache.get(uri);
                try {
                    SafeHttpClient.Response r = http.get(uri, types,
                            kept == null ? Map.of() : Map.of("If-None-Match", kept.etag()));
                    if (r.status() == 304) {
                        return new Fetched(kept.body(), true, attempt);
                    }
                    if (r.etag() != null) {
                        cache.put(uri, new Cached(r.etag(), r.body()));
                    } else {
                        cache.remove(uri);
                    }
                    return new Fetched(r.body(), false, attempt);
                } catch (OutboundException e) {
                    if (attempt >= attempts || !retriable(e)) {
                        throw attempt == 1 ? e : new OutboundException(e.getMessage() + " (after " + attempt + " attempts)", e);
                    }
                }
                long wait = backoff.toMillis() << (attempt - 1);
                Thread.sleep(wait + ThreadLocalRandom.current().nextLong(wait / 2 + 1));
            }
        } finally {
            host.release();
        }
    }

    /** Worth another try: an overloaded or failing server, or no answer at all (but not a refusal). */
    static boolean retriable(OutboundException e) {
        if (e.status() != 0) {
            return e.status() == 429 || e.status() >= 500;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof OutboundException) {
                return false; // refused by the address check
            }
            if (t instanceof TimeoutException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
