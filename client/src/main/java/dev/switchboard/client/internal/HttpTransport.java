package dev.switchboard.client.internal;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Blocking HTTP over Jetty 12's {@link HttpClient}: one client, and so one connection pool, per
 * {@code McpClient}. Jetty's asynchronous API stays in this class; callers see
 * {@link HttpReply} and block (fine on virtual threads). Every request is bound to a
 * {@link CallControl}, whose deadline, cancellation or close aborts it.
 */
public final class HttpTransport implements Timer, AutoCloseable {
    private final HttpClient http;
    private final Scheduler scheduler;

    /**
     * Starts a client.
     *
     * @param connectTimeout bound on establishing a connection
     * @param userAgent      the {@code User-Agent} value
     */
    public HttpTransport(Duration connectTimeout, String userAgent) {
        QueuedThreadPool pool = new QueuedThreadPool(32, 1);
        pool.setName("mcp-client");
        pool.setDaemon(true); // a forgotten client must not keep the JVM alive
        this.scheduler = new ScheduledExecutorScheduler("mcp-client-timer", true);
        this.http = new HttpClient();
        // The only response listener is Reception, whose callbacks copy content or queue it and wake
        // the (virtual) thread that reads it: they never block. Declaring so lets the selector
        // thread parse a response and hand it over directly, instead of first passing it to a pool
        // thread (one context switch, and a selector wake-up, per response).
        http.getTransport().setInvocationType(org.eclipse.jetty.util.thread.Invocable.InvocationType.NON_BLOCKING);
        http.setExecutor(pool);
        http.setScheduler(scheduler);
        http.setFollowRedirects(false);
        http.setConnectTimeout(connectTimeout.toMillis());
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, userAgent));
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
    }

    @Override
    public Runnable schedule(Runnable task, long delayNanos) {
        Scheduler.Task t = scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return t::cancel;
    }

    /**
     * Sends a request and waits for the response: for a JSON (or any non-stream) answer, until its
     * whole body arrived, read on the selector as it comes (so the caller wakes once, with nothing
     * left to read); for {@code text/event-stream}, until its head, the body then read as the
     * caller goes.
     *
     * @param method  {@code POST}, {@code GET} or {@code DELETE}
     * @param uri     the endpoint
     * @param headers request headers (name to value), sent as given
     * @param body    a JSON body, or null
     * @param control stops the request
     * @param maxBody  a body buffered beyond this many bytes is cut (the caller sees one byte more
     *                 than the limit, so it can tell) and the exchange aborted
     * @throws dev.switchboard.client.McpClientException when the request fails or is stopped
     */
    public HttpReply send(String method, URI uri, Map<String, String> headers, byte[] body, CallControl control,
                          long maxBody) {
        for (int attempt = 0; ; attempt++) {
            control.check();
            Request request = http.newRequest(uri).method(method)
                    .idleTimeout(0, TimeUnit.MILLISECONDS) // the call's deadline bounds it, not connection idleness
                    .headers(h -> headers.forEach(h::put));
            if (body != null) {
                request.body(new BytesRequestContent("application/json", body));
            }
            Runnable detach = control.attach(request::abort);
            Reception reception = new Reception(request, maxBody, detach);
            request.send(reception);
            try {
                // Untimed: the call's deadline is CallControl's timer, which aborts the request. A
                // timed wait would also arm (and cancel) a timer of the virtual-thread scheduler on
                // every request, waking its delay-scheduler thread each time (~0.8 context switches
                // and ~10 us of CPU per forwarded call in the gateway).
                return reception.ready.get();
            } catch (InterruptedException e) {
                request.abort(e);
                detach.run();
                throw control.failure(e);
            } catch (ExecutionException e) {
                detach.run();
                if (attempt == 0 && control.stopped() == null && closedBeforeResponse(e.getCause())) {
                    continue; // a pooled connection the server had closed: once more, on a new one
                }
                throw control.failure(e.getCause());
            }
        }
    }

    /**
     * Receives one response: a stream ({@code text/event-stream}) is handed to the caller at its
     * head, as a blocking {@link InputStream} over Jetty's content source; any other body is read
     * into one array on the selector thread (never blocking: read while there is content, else ask
     * to be called back) and handed over whole.
     */
    private static final class Reception implements Response.Listener {
        final java.util.concurrent.CompletableFuture<HttpReply> ready = new java.util.concurrent.CompletableFuture<>();
        private final Request request;
        private final long max;
        private final Runnable detach;
        private Response response;
        private org.eclipse.jetty.io.Content.Source source;
        private byte[] bytes;
        private int size;

        Reception(Request request, long max, Runnable detach) {
            this.request = request;
            this.max = max;
            this.detach = detach;
        }

        @Override
        public void onContentSource(Response response, org.eclipse.jetty.io.Content.Source source) {
            String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
                ready.complete(new JettyReply(request, response,
                        new EndAware(org.eclipse.jetty.io.Content.Source.asInputStream(source)), detach));
                return;
            }
            this.response = response;
            this.source = source;
            long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            bytes = new byte[(int) Math.min(declared >= 0 ? declared : 4096, Math.min(max + 1, Integer.MAX_VALUE - 8))];
            read();
        }

        private void read() {
            while (true) {
                org.eclipse.jetty.io.Content.Chunk chunk = source.read();
                if (chunk == null) {
                    source.demand(this::read);
                    return;
                }
                if (org.eclipse.jetty.io.Content.Chunk.isFailure(chunk)) {
                    ready.completeExceptionally(chunk.getFailure());
                    return;
                }
                try {
                    append(chunk.getByteBuffer());
                } finally {
                    chunk.release();
                }
                if (size > max) { // enough to tell the caller it is too large; the rest is not wanted
                    ready.complete(new Buffered(response, java.util.Arrays.copyOf(bytes, size), detach));
                    request.abort(new ClosedByClient());
                    return;
                }
                if (chunk.isLast()) {
                    ready.complete(new Buffered(response, size == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, size),
                            detach));
                    return;
                }
            }
        }

        private void append(java.nio.ByteBuffer buffer) {
            int n = (int) Math.min(buffer.remaining(), max + 1 - size);
            if (size + n > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, (int) Math.min(Math.max(bytes.length * 2L, size + n), max + 1));
            }
            buffer.get(bytes, size, n);
            size += n;
        }

        @Override
        public void onComplete(org.eclipse.jetty.client.Result result) {
            if (result.isFailed()) {
                ready.completeExceptionally(result.getFailure());
            } else { // no content at all (e.g. 202): the head is the whole answer
                ready.complete(new Buffered(result.getResponse(), new byte[0], detach));
            }
        }
    }

    /** A response whose body was read whole: nothing left to abort. */
    private record Buffered(Response response, byte[] bytes, Runnable detach) implements HttpReply {
        @Override
        public int status() {
            return response.getStatus();
        }

        @Override
        public String header(String name) {
            java.util.List<String> values = response.getHeaders().getValuesList(name);
            return values.isEmpty() ? null : String.join(", ", values);
        }

        @Override
        public InputStream body() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public void close() {
            detach.run();
        }
    }

    /**
     * True when the connection was closed by the server before any response began: what a pooled
     * connection looks like when the server closed it as idle just as it was reused (Node closes
     * idle connections after 5 s). As OkHttp does, such a request is tried again once.
     */
    private static boolean closedBeforeResponse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.EOFException || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /** Stops the client: open connections close, requests in flight fail. */
    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP client", e);
        }
    }

    /**
     * The response body, noting when it was read to its end: then the exchange is complete (Jetty
     * signals the end only after the response succeeded) and closing it has nothing to abort.
     */
    private static final class EndAware extends java.io.FilterInputStream {
        private volatile boolean ended;

        EndAware(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        }
    }

    /** Aborts a response the caller left unread; no stack trace: it is a signal, not a fault. */
    private static final class ClosedByClient extends IOException {
        ClosedByClient() {
            super("response closed by the client", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private record JettyReply(Request request, Response response, EndAware body, Runnable detach)
            implements HttpReply {
        @Override
        public int status() {
            return response.getStatus();
        }

        @Override
        public String header(String name) {
            java.util.List<String> values = response.getHeaders().getValuesList(name);
            return values.isEmpty() ? null : String.join(", ", values); // repeated fields combine (RFC 9110 §5.3)
        }

        @Override
        public void close() {
            try {
                // aborts unread content (an SSE stream the client leaves); a body read to its end
                // (every JSON answer) has nothing left to abort, so skip the abort's work
                if (!body.ended) {
                    request.abort(new ClosedByClient());
                }
                body.close();
            } catch (IOException e) {
                // nothing more to release
            } finally {
                detach.run();
            }
        }
    }
}
