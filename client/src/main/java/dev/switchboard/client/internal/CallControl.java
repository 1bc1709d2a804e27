package dev.switchboard.client.internal;

import dev.switchboard.client.CancellationToken;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The deadline and the stop switch of one client call, across all the HTTP requests it makes
 * (MRTR rounds, retries, answers posted back). A timer, a {@link CancellationToken}, an
 * interrupt or the client closing stops the call: the HTTP request in flight is aborted, which
 * unblocks the calling thread, and {@link #failure} turns what it sees into the right
 * {@link McpClientException}. Time spent in the client's own input handlers does not count
 * ({@link #pause()}, {@link #resume()}).
 */
public final class CallControl implements AutoCloseable {
    private final Timer timer;
    private final Duration timeout;
    private final String method;
    private final URI endpoint;
    private final ReentrantLock lock = new ReentrantLock();
    private final Runnable unregisterToken;
    private long deadline;
    private long remainingWhilePaused = -1;
    private boolean lifted;
    private Runnable cancelTimer;
    /** The requests in flight: the call's own, plus a session-era answer posted while its stream is open. */
    private final List<Consumer<Throwable>> aborts = new ArrayList<>(2);
    private volatile Kind stopped;

    /**
     * Starts the clock.
     *
     * @param timer    schedules the deadline
     * @param timeout  the call's budget
     * @param token    cancels the call, or null
     * @param method   the method called, for messages
     * @param endpoint the endpoint, for messages
     */
    public CallControl(Timer timer, Duration timeout, CancellationToken token, String method, URI endpoint) {
        this.timer = timer;
        this.timeout = timeout;
        this.method = method;
        this.endpoint = endpoint;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.cancelTimer = timer.schedule(() -> stop(Kind.TIMEOUT), timeout.toNanos());
        this.unregisterToken = token == null ? () -> { } : token.onCancel(() -> stop(Kind.CANCELLED));
    }

    /** The method this call is for. */
    public String method() {
        return method;
    }

    /** The endpoint, for messages. */
    public URI endpoint() {
        return endpoint;
    }

    /** The call's budget. */
    public Duration timeout() {
        return timeout;
    }

    /** Why the call was stopped, or null while it runs. */
    public Kind stopped() {
        return stopped;
    }

    /** Stops the call for {@code why} (the first reason wins) and aborts the request in flight. */
    public void stop(Kind why) {
        List<Consumer<Throwable>> inFlight;
        lock.lock();
        try {
            if (stopped != null) {
                return;
            }
            stopped = why;
            inFlight = List.copyOf(aborts);
        } finally {
            lock.unlock();
        }
        for (Consumer<Throwable> a : inFlight) {
            a.accept(new InterruptedIOException("call " + why.name().toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Registers {@code abort} as the way to stop a request now in flight (aborting at once when
     * the call is already stopped).
     *
     * @return detaches it once the request is done
     */
    public Runnable attach(Consumer<Throwable> abort) {
        Kind now;
        lock.lock();
        try {
            aborts.add(abort);
            now = stopped;
        } finally {
            lock.unlock();
        }
        if (now != null) {
            abort.accept(new InterruptedIOException("call " + now.name().toLowerCase(Locale.ROOT)));
        }
        return () -> {
            lock.lock();
            try {
                aborts.remove(abort);
            } finally {
                lock.unlock();
            }
        };
    }

    /** Throws when the call was stopped or the thread interrupted; call before each request. */
    public void check() {
        if (Thread.currentThread().isInterrupted()) {
            stop(Kind.CANCELLED);
        }
        if (stopped != null) {
            throw failure(null);
        }
    }

    /**
     * Ends the deadline for good: it bounded the opening of a stream ({@code subscriptions/listen},
     * the session's GET stream), which, once open, lasts until it is stopped.
     */
    public void lift() {
        lock.lock();
        try {
            lifted = true;
            remainingWhilePaused = -1;
            cancelTimer.run();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the clock while the client's own handler runs. */
    public void pause() {
        lock.lock();
        try {
            if (remainingWhilePaused < 0 && !lifted) {
                remainingWhilePaused = Math.max(0, deadline - System.nanoTime());
                cancelTimer.run();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Restarts the clock with what was left. */
    public void resume() {
        lock.lock();
        try {
            if (remainingWhilePaused >= 0) {
                deadline = System.nanoTime() + remainingWhilePaused;
                cancelTimer = timer.schedule(() -> stop(Kind.TIMEOUT), remainingWhilePaused);
                remainingWhilePaused = -1;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The exception for a request that failed with {@code cause}: the stop reason when the call
     * was stopped, else a transport failure that names the endpoint.
     */
    public McpClientException failure(Throwable cause) {
        // an interrupt of the waiting thread (Jetty reports it as a bare InterruptedIOException)
        if (cause instanceof InterruptedException
                || (cause != null && cause.getClass() == InterruptedIOException.class && stopped == null)) {
            stop(Kind.CANCELLED);
            Thread.currentThread().interrupt();
        }
        Kind why = stopped;
        if (why != null) {
            return switch (why) {
                case TIMEOUT -> new McpClientException(Kind.TIMEOUT, method + " to " + endpoint
                        + " did not complete within " + describe(timeout), 0, null);
                case CLOSED -> new McpClientException(Kind.CLOSED, method + " to " + endpoint
                        + " stopped: the client was closed", 0, null);
                default -> new McpClientException(Kind.CANCELLED, method + " to " + endpoint + " was cancelled", 0, null);
            };
        }
        Throwable root = rootCause(cause);
        if (root instanceof ConnectException || root instanceof UnresolvedAddressException
                || root instanceof java.net.UnknownHostException) {
            return new McpClientException(Kind.TRANSPORT, "Cannot connect to " + endpoint + ": "
                    + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage()), 0, cause);
        }
        return new McpClientException(Kind.TRANSPORT, method + " to " + endpoint + " failed: "
                + (root == null ? "unknown error" : root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getMessage()), 0, cause);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r != null && r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /** Cancels the timer and forgets the token; the call is over. */
    @Override
    public void close() {
        lock.lock();
        try {
            cancelTimer.run();
            aborts.clear();
        } finally {
            lock.unlock();
        }
        unregisterToken.run();
    }
}
