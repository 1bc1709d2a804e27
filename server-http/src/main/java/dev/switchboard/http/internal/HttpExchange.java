package dev.switchboard.http.internal;

import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.EventSink;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HTTP response for one MCP request. It starts as nothing; the first notification (when the
 * client accepts SSE) turns it into an event stream, otherwise the final message goes out as one
 * JSON body. A failed write means the client left: the request is cancelled and nothing more is
 * written. Writes are serialised, so keep-alives and notifications from any thread are safe.
 */
final class HttpExchange implements EventSink {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuffer KEEP_ALIVE = ByteBuffer.wrap(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));

    private final Response response;
    private final boolean sseAllowed;
    private final CancellationSignal cancellation;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean streaming;
    private boolean done;
    private volatile boolean open = true;
    private volatile long lastWriteNanos = System.nanoTime();

    HttpExchange(Response response, boolean sseAllowed, CancellationSignal cancellation) {
        this.response = response;
        this.sseAllowed = sseAllowed;
        this.cancellation = cancellation;
    }

    @Override
    public boolean send(Notification notification) {
        return sendMessage(notification);
    }

    @Override
    public boolean send(dev.switchboard.protocol.jsonrpc.Request request) {
        return sendMessage(request);
    }

    private boolean sendMessage(dev.switchboard.protocol.jsonrpc.Message message) {
        if (!sseAllowed || !open) {
            return false;
        }
        lock.lock();
        try {
            if (done || !open) {
                return false;
            }
            startStream();
            return writeEvent(Wire.write(JsonRpcCodec.encode(message)), false);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String clientAddress() {
        return org.eclipse.jetty.server.Request.getRemoteAddr(response.getRequest());
    }

    @Override
    public boolean isOpen() {
        return open && !cancellation.isCancelled();
    }

    /** Opens the SSE stream now (listen streams start at once). */
    void startStream() {
        lock.lock();
        try {
            if (!streaming && !done) {
                streaming = true;
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-transform");
                response.getHeaders().put("X-Accel-Buffering", "no");
            }
        } finally {
            lock.unlock();
        }
    }

    /** True once the response became an event stream. */
    boolean isStreaming() {
        return streaming;
    }

    /**
     * Writes a keep-alive comment when the response has been quiet for {@code idleNanos}. A
     * response still waiting for its handler is turned into an event stream first (when the client
     * accepts SSE): a write is the only way to notice that a client went away, and a disconnect
     * is how an HTTP client cancels.
     */
    void keepAlive(long idleNanos) {
        if (done || !sseAllowed || System.nanoTime() - lastWriteNanos < idleNanos || !lock.tryLock()) {
            return;
        }
        try {
            if (!done && open) {
                startStream();
                write(KEEP_ALIVE.duplicate(), false);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends the final JSON-RPC message: as the last SSE event when streaming, else as a JSON body
     * with {@code status}. Ends the response.
     */
    void finish(int status, JsonObject message) {
        lock.lock();
        try {
            if (done) {
                return;
            }
            done = true;
            if (!open) {
                return;
            }
            byte[] body = Wire.write(message);
            if (streaming) {
                writeEvent(body, true);
            } else {
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                write(ByteBuffer.wrap(body), true);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends a response that has nothing more to say (a cancelled request). */
    /** Ends the work behind this response (the server is stopping); nothing more is written. */
    void cancel() {
        cancellation.cancel();
    }

    void abandon() {
        lock.lock();
        try {
            done = true;
        } finally {
            lock.unlock();
        }
    }

    /** True once {@link #finish} or {@link #abandon} ran. */
    boolean isDone() {
        return done;
    }

    private boolean writeEvent(byte[] json, boolean last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 8);
        out.writeBytes(DATA);
        out.writeBytes(json);
        out.writeBytes(END);
        return write(ByteBuffer.wrap(out.toByteArray()), last);
    }

    private boolean write(ByteBuffer buffer, boolean last) {
        try (Blocker.Callback cb = Blocker.callback()) {
            response.write(last, buffer, cb);
            cb.block();
            lastWriteNanos = System.nanoTime();
            return true;
        } catch (IOException | RuntimeException e) {
            open = false;
            cancellation.cancel();
            return false;
        }
    }
}
