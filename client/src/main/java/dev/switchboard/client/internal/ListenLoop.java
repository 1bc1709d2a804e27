package dev.switchboard.client.internal;

import dev.switchboard.client.ListenListener;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.client.Subscription;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a {@link ListenFeed} open on its own daemon thread: runs an attempt; when it ends for a
 * reason retrying may fix (transport failure, 5xx, 408/409/429, the server closing the stream),
 * tells the listener once, waits a {@link Backoff} delay and tries again (a stream that broke
 * sooner than the longest delay after opening counts as a failed attempt, so a server that
 * accepts and drops at once is not hammered); when it reopens, drops
 * the whole result cache (changes in between went unreported) and tells the listener. A failure
 * retrying cannot fix (a JSON-RPC error, 401, another 4xx, a stdio server that exited) ends it.
 * {@link #start()} waits for the first opening and throws its failure instead of retrying, except
 * that "busy" answers (409, 425, 429, 503: e.g. a session-era server still holding the GET stream
 * the client just left) are retried within the opening timeout.
 * Closing stops the attempt in flight (which closes the stream) and the waiting at once.
 */
final class ListenLoop implements Subscription {
    private static final System.Logger LOG = System.getLogger(ListenLoop.class.getName());
    private static final AtomicLong THREADS = new AtomicLong();
    private static final long JOIN_MILLIS = 5_000;

    private final ListenFeed feed;
    private final ListenListener listener;
    private final Backoff backoff;
    private final Timer timer;
    private final Duration openTimeout;
    private final ResultCache cache;
    private final URI endpoint;
    private final Channel channel;
    private final Runnable onEnd;
    private final Thread thread;
    private final CompletableFuture<SubscriptionFilter> first = new CompletableFuture<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object state = new Object();
    private volatile SubscriptionFilter honoured = SubscriptionFilter.NONE;
    private volatile boolean connected;
    private volatile long openedAt;
    private volatile CallControl current;

    /**
     * A loop, not yet started.
     *
     * @param feed        what each attempt runs
     * @param listener    receives notifications and the loop's events
     * @param backoff     delays between attempts
     * @param timer       for each attempt's opening deadline
     * @param openTimeout how long opening may take
     * @param cache       dropped on every reopening, and by notifications; or null
     * @param channel     the transport, asked whether it {@link Channel#ended()}
     * @param onEnd       runs once when the loop's thread ends
     */
    ListenLoop(ListenFeed feed, ListenListener listener, Backoff backoff, Timer timer, Duration openTimeout,
               ResultCache cache, Channel channel, Runnable onEnd) {
        this.feed = feed;
        this.listener = listener;
        this.backoff = backoff;
        this.timer = timer;
        this.openTimeout = openTimeout;
        this.cache = cache;
        this.endpoint = channel.endpoint();
        this.channel = channel;
        this.onEnd = onEnd;
        this.thread = new Thread(this::run, "mcp-client-listen-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
    }

    /**
     * Starts the thread and waits until the stream first opens.
     *
     * @return what the server agreed to deliver
     * @throws McpClientException the first attempt's failure (nothing is retried then)
     */
    SubscriptionFilter start() {
        thread.start();
        try {
            return first.get();
        } catch (ExecutionException e) {
            throw (McpClientException) e.getCause();
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new McpClientException(Kind.CANCELLED, Methods.SUBSCRIPTIONS_LISTEN + " to " + endpoint
                    + " was cancelled");
        }
    }

    @Override
    public SubscriptionFilter honoured() {
        return honoured;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    /** Waits until the stream is open, at most {@code timeout}; false when it is not (or closed). */
    boolean awaitConnected(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (state) {
            while (!connected && !closed.get()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(state, left);
            }
            return connected;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping.countDown();
        CallControl c = current;
        if (c != null) {
            c.stop(Kind.CANCELLED); // closes the stream; on stdio also sends notifications/cancelled
        }
        synchronized (state) {
            state.notifyAll();
        }
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        McpClientException fatal = null;
        try {
            int attempt = 0;
            long firstDeadline = System.nanoTime() + openTimeout.toNanos();
            while (!closed.get()) {
                McpClientException cause = attempt();
                boolean wasConnected = connected;
                setConnected(false);
                if (closed.get()) {
                    break;
                }
                if (!first.isDone()) {
                    long delay = backoff.delayNanos(attempt++);
                    if (busy(cause) && System.nanoTime() + delay < firstDeadline) {
                        if (stopping.await(delay, TimeUnit.NANOSECONDS)) {
                            break;
                        }
                        continue;
                    }
                    closed.set(true);
                    first.completeExceptionally(cause);
                    return;
                }
                if (permanent(cause) || channel.ended()) {
                    closed.set(true);
                    fatal = cause;
                    break;
                }
                if (wasConnected) {
                    if (System.nanoTime() - openedAt >= backoff.maxNanos()) {
                        attempt = 0;
                    }
                    ChangeDispatch.safely("onDisconnected", () -> listener.onDisconnected(cause));
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "reconnecting to " + endpoint + " failed: "
                            + cause.getMessage());
                }
                if (stopping.await(backoff.delayNanos(attempt++), TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            first.completeExceptionally(new McpClientException(Kind.CLOSED, Methods.SUBSCRIPTIONS_LISTEN + " to "
                    + endpoint + " stopped: the subscription was closed")); // a no-op once it opened
            if (!first.isCompletedExceptionally()) {
                McpClientException why = fatal;
                ChangeDispatch.safely("onClosed", () -> listener.onClosed(why));
            }
            onEnd.run();
        }
    }

    /** Runs one attempt; returns why it ended. */
    private McpClientException attempt() {
        CallControl control = new CallControl(timer, openTimeout, null, Methods.SUBSCRIPTIONS_LISTEN, endpoint);
        current = control;
        if (closed.get()) {
            control.stop(Kind.CANCELLED);
        }
        try {
            feed.run(control, new ListenFeed.Sink() {
                @Override
                public void opened(SubscriptionFilter h) {
                    control.lift();
                    openedAt = System.nanoTime();
                    honoured = h;
                    setConnected(true);
                    if (!first.complete(h)) {
                        if (cache != null) {
                            cache.invalidateAll(); // whatever changed while we were away went unreported
                        }
                        ChangeDispatch.safely("onReconnected", () -> listener.onReconnected(h));
                    }
                }

                @Override
                public void notification(Notification n) {
                    ChangeDispatch.invalidate(n, cache);
                    ChangeDispatch.deliver(n, listener);
                }
            });
            return new McpClientException(Kind.TRANSPORT, "The server at " + endpoint + " ended the subscription");
        } catch (McpClientException e) {
            return e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a listen stream of " + endpoint + " failed", e);
            return new McpClientException(Kind.TRANSPORT, "The listen stream of " + endpoint + " failed: " + e, 0, e);
        } finally {
            current = null;
            control.close();
        }
    }

    private void setConnected(boolean now) {
        synchronized (state) {
            connected = now;
            state.notifyAll();
        }
    }

    /** True for a server's "not now, try again shortly". */
    private static boolean busy(McpClientException e) {
        int status = e.httpStatus();
        return e.kind() == Kind.HTTP_STATUS && (status == 409 || status == 425 || status == 429 || status == 503);
    }

    /** True for failures that retrying the same request cannot fix. */
    static boolean permanent(McpClientException e) {
        int status = e.httpStatus();
        return switch (e.kind()) {
            case ERROR_RESPONSE -> status < 500 && !(e instanceof dev.switchboard.client.ErrorResponseException r
                    && r.code() == ErrorCode.INTERNAL_ERROR);
            case HTTP_STATUS -> status / 100 == 4 && status != 408 && status != 409 && status != 425 && status != 429;
            case UNAUTHORIZED, INPUT, CANCELLED, CLOSED, UNSUPPORTED -> true;
            case TRANSPORT, TIMEOUT, INVALID_RESPONSE -> false;
        };
    }
}
