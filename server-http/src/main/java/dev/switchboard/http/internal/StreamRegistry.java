package dev.switchboard.http.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The open responses of this endpoint. Responses that have gone quiet get an SSE comment line
 * every {@code keepAlive}: proxies and clients don't time out a listen stream or a long tool call
 * that has nothing to say, and a client that went away is noticed (the write fails) and its
 * request cancelled.
 */
public final class StreamRegistry implements AutoCloseable {
    private final Set<HttpExchange> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final long keepAliveNanos;

    /** A registry sending keep-alives every {@code keepAliveMillis}. */
    public StreamRegistry(long keepAliveMillis) {
        this.keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(keepAliveMillis);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mcp-sse-keepalive");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, keepAliveMillis / 2);
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    void add(HttpExchange exchange) {
        open.add(exchange);
    }

    void remove(HttpExchange exchange) {
        open.remove(exchange);
    }

    /** Number of responses in flight. */
    public int size() {
        return open.size();
    }

    private void tick() {
        for (HttpExchange e : open) {
            // writes block, so each runs on its own virtual thread; the exchange skips it if busy
            Thread.ofVirtual().start(() -> e.keepAlive(keepAliveNanos));
        }
    }

    /**
     * Cancels every response still open (session GET streams, which have no graceful end, and
     * requests still running), so that stopping the server does not wait for them.
     */
    public void cancelAll() {
        for (HttpExchange e : open) {
            e.cancel();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
