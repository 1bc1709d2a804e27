package dev.switchboard.client.internal;

import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.Response;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The session era's standalone GET event stream (2025-11-25 transport, "listening for messages
 * from the server"): server requests that belong to no call (elicitation, sampling, roots) are
 * answered with the client's handlers, each on its own virtual thread, by POSTing the response;
 * notifications are logged. When the stream ends it is reopened with {@code Last-Event-ID} after
 * the server's {@code retry} delay; a server that offers no stream (any status but 200) is left
 * alone. Runs on one virtual thread until {@link #close()}.
 */
final class SessionStream implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionStream.class.getName());
    private static final Duration FOREVER = Duration.ofDays(365);
    private static final long DEFAULT_RETRY_MILLIS = 1_000;
    private static final long MAX_RETRY_MILLIS = 30_000;
    private static final int MAX_FAILURES = 5;

    private final Exchanger exchanger;
    private final Map<String, String> headers;
    private final InputAnswers answers;
    private final Timer timer;
    private final Duration answerTimeout;
    private final CallControl control;
    private final CompletableFuture<Integer> opened = new CompletableFuture<>();
    private volatile boolean closed;

    SessionStream(Exchanger exchanger, Map<String, String> headers, InputAnswers answers, Timer timer, Duration answerTimeout) {
        this.exchanger = exchanger;
        this.headers = Map.copyOf(headers);
        this.answers = answers;
        this.timer = timer;
        this.answerTimeout = answerTimeout;
        this.control = new CallControl(timer, FOREVER, null, "GET (session stream)", exchanger.endpoint());
    }

    /**
     * Starts the stream and waits (at most {@code wait}) until the server answered the GET, so that
     * what the server sends after this point is not missed.
     *
     * @return the status of the first answer, or 0 when none came in time
     */
    int start(Duration wait) {
        Thread.ofVirtual().name("mcp-session-stream").start(this::run);
        try {
            return opened.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void run() {
        String lastId = null;
        long retry = DEFAULT_RETRY_MILLIS;
        int failures = 0;
        try {
            while (!closed) {
                try (HttpReply reply = exchanger.openStream(headers, lastId, control)) {
                    opened.complete(reply.status());
                    if (!Exchanger.isEventStream(reply)) {
                        LOG.log(System.Logger.Level.DEBUG, "no session stream at " + exchanger.endpoint() + " (HTTP "
                                + reply.status() + ")");
                        return;
                    }
                    failures = 0;
                    SseReader events = new SseReader(reply.body(), exchanger.maxResponseBytes());
                    String data;
                    while ((data = events.next()) != null) {
                        if (!data.isBlank()) {
                            dispatch(data);
                        }
                    }
                    lastId = events.lastEventId() != null ? events.lastEventId() : lastId;
                    retry = events.retryMillis() >= 0 ? events.retryMillis() : retry;
                } catch (McpClientException | IOException e) {
                    opened.complete(0);
                    if (closed || ++failures > MAX_FAILURES) {
                        LOG.log(System.Logger.Level.DEBUG, "session stream at " + exchanger.endpoint() + " ends: " + e.getMessage());
                        return;
                    }
                }
                Exchanger.sleep(Math.min(MAX_RETRY_MILLIS, retry << Math.min(failures, 4)), control);
            }
        } catch (McpClientException e) {
            // closed while waiting to reconnect
        } finally {
            opened.complete(0);
        }
    }

    private void dispatch(String data) {
        Message message;
        try {
            message = JsonRpcCodec.decode(Wire.parse(data));
        } catch (McpException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring an event on the session stream that is not JSON-RPC: " + e.getMessage());
            return;
        }
        switch (message) {
            case Request r -> Thread.ofVirtual().name("mcp-answer-" + r.method()).start(() -> answer(r));
            case Notification n -> LOG.log(System.Logger.Level.DEBUG, "session stream: " + n.method());
            case Response r -> LOG.log(System.Logger.Level.DEBUG, "session stream: a response to " + r.id()
                    + " that no call waits for");
        }
    }

    private void answer(Request request) {
        URI endpoint = exchanger.endpoint();
        try (CallControl answering = new CallControl(timer, answerTimeout, null, request.method(), endpoint)) {
            Response response = answers.answer(request, answering);
            int status = exchanger.send(response, headers, answering);
            if (status / 100 != 2) {
                LOG.log(System.Logger.Level.WARNING, "the server refused the answer to " + request.method() + " with HTTP " + status);
            }
        } catch (McpClientException e) {
            LOG.log(System.Logger.Level.WARNING, "could not answer " + request.method() + ": " + e.getMessage());
        }
    }

    /** Stops the stream (aborting the GET in flight). */
    @Override
    public void close() {
        closed = true;
        control.stop(Kind.CLOSED);
        control.close();
    }
}
