package dev.switchboard.client.internal;

import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.client.UnauthorizedException;
import dev.switchboard.client.auth.AuthChallenge;
import dev.switchboard.client.auth.Authorizer;
import dev.switchboard.client.auth.Challenge;
import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One JSON-RPC message over one HTTP exchange with the MCP endpoint: POSTs it, then reads the
 * answer, a JSON body or an event stream whose notifications and server requests go to a
 * {@link StreamHandler} until the response arrives. Checks what the protocol lets it check (JSON,
 * envelope, response id, size limit) and leaves era decisions (404, fallback) to the caller.
 *
 * <p>With an {@link Authorizer}, every HTTP request carries its headers, and a 401 (or a 403
 * {@code insufficient_scope}) is handed to it; when it has new credentials the request is sent
 * again: once after a 401, at most twice after a 403. A session-era event stream that ends
 * before the response is resumed with GET and {@code Last-Event-ID} after the server's
 * {@code retry} delay (SEP-1699).
 */
public final class Exchanger implements Channel {
    static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final int SNIPPET = 300;
    /** Step-ups (403 insufficient_scope) one request may trigger. */
    private static final int MAX_STEP_UPS = 2;
    /** Reconnections of one request's stream that bring no response. */
    private static final int MAX_RESUMES = 5;
    /** The reconnection delay when the server set none (the SSE default is the client's choice). */
    private static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
    private static final int MAX_REFUSAL_BODY = 64 * 1024;

    private final HttpTransport transport;
    private final URI endpoint;
    private final long maxResponseBytes;
    private final Authorizer authorizer;

    /**
     * An exchanger for {@code endpoint}.
     *
     * @param transport        the HTTP client
     * @param endpoint         the MCP endpoint
     * @param maxResponseBytes the largest JSON body or SSE event accepted
     */
    public Exchanger(HttpTransport transport, URI endpoint, long maxResponseBytes) {
        this(transport, endpoint, maxResponseBytes, null);
    }

    /**
     * An exchanger for {@code endpoint} whose requests {@code authorizer} authorizes.
     *
     * @param authorizer supplies credentials and handles refusals, or null
     */
    public Exchanger(HttpTransport transport, URI endpoint, long maxResponseBytes, Authorizer authorizer) {
        this.transport = transport;
        this.endpoint = endpoint;
        this.maxResponseBytes = maxResponseBytes;
        this.authorizer = authorizer;
    }

    /** The MCP endpoint. */
    @Override
    public URI endpoint() {
        return endpoint;
    }

    /**
     * POSTs {@code request} and reads its answer.
     *
     * @throws UnauthorizedException on 401
     * @throws McpClientException    for transport failures, a stopped call, or an invalid 2xx answer
     */
    @Override
    public PostResult post(Request request, Map<String, String> headers, CallControl control, StreamHandler handler) {
        HttpReply reply = exchange("POST", headers, Wire.write(request), control);
        try (reply) {
            int status = reply.status();
            if (status == 401) {
                throw unauthorized(reply);
            }
            boolean ok = status / 100 == 2;
            String sessionId = reply.header(SESSION_HEADER);
            String type = reply.header("Content-Type");
            if (ok && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                SseReader events = new SseReader(reply.body(), maxResponseBytes);
                Response response = readStream(events, request, handler);
                if (response == null) {
                    response = resume(events, request, headers, control, handler);
                }
                return new PostResult(status, response, sessionId, null);
            }
            byte[] body = readBody(reply, request.method());
            if (body.length == 0) {
                if (ok) {
                    throw invalid(request.method(), "the response (HTTP " + status + ") has an empty body");
                }
                return new PostResult(status, null, sessionId, "");
            }
            Message message;
            try {
                message = JsonRpcCodec.decode(Wire.parse(body));
            } catch (McpException e) {
                if (ok) {
                    throw invalid(request.method(), "the response is not a JSON-RPC message: " + e.getMessage()
                            + "; body starts with: " + snippet(body));
                }
                return new PostResult(status, null, sessionId, snippet(body));
            }
            if (!(message instanceof Response response)) {
                if (ok) {
                    throw invalid(request.method(), "expected a JSON-RPC response, got a " + kind(message));
                }
                return new PostResult(status, null, sessionId, snippet(body));
            }
            checkId(response, request);
            return new PostResult(status, response, sessionId, null);
        } catch (IOException e) {
            throw control.failure(e);
        }
    }

    /**
     * POSTs a notification or a response (nothing to read back) and returns the status.
     *
     * @throws UnauthorizedException on 401
     */
    @Override
    public int send(Message message, Map<String, String> headers, CallControl control) {
        try (HttpReply reply = exchange("POST", headers, Wire.write(message), control)) {
            if (reply.status() == 401) {
                throw unauthorized(reply);
            }
            return reply.status();
        }
    }

    /** Sends DELETE (ends a session-era session) and returns the status. */
    @Override
    public int delete(Map<String, String> headers, CallControl control) {
        try (HttpReply reply = exchange("DELETE", headers, null, control)) {
            return reply.status();
        }
    }

    /** GETs the session's stream and reads it to its end. */
    @Override
    public int stream(Map<String, String> headers, CallControl control, Runnable opened, StreamHandler handler) {
        String what = "the session's GET stream";
        HttpReply reply = exchange("GET", headers, null, control);
        try (reply) {
            int status = reply.status();
            if (status == 401) {
                throw unauthorized(reply);
            }
            if (status / 100 != 2) {
                return status;
            }
            String type = reply.header("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                throw invalid(what, "it is " + type + ", not text/event-stream");
            }
            opened.run();
            SseReader events = new SseReader(reply.body(), maxResponseBytes);
            String data;
            while ((data = events.next()) != null) {
                if (data.isBlank()) {
                    continue;
                }
                Message message;
                try {
                    message = JsonRpcCodec.decode(Wire.parse(data));
                } catch (McpException e) {
                    throw invalid(what, "an event is not a JSON-RPC message: " + e.getMessage());
                }
                switch (message) {
                    case Notification n -> handler.notification(n);
                    case Request r -> handler.request(r);
                    case Response r -> {
                        // only a resumed stream carries responses, and this client does not resume
                    }
                }
            }
            return status;
        } catch (SseReader.TooLarge e) {
            throw tooLarge(what);
        } catch (IOException e) {
            throw control.failure(e);
        }
    }

    /**
     * Opens a GET event stream on the endpoint (the session era's standalone stream, or a
     * resumption): {@code Accept: text/event-stream}, plus {@code Last-Event-ID} when given. The
     * caller checks the status and closes the reply.
     */
    HttpReply openStream(Map<String, String> headers, String lastEventId, CallControl control) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Accept", "text/event-stream");
        if (lastEventId != null) {
            h.put("Last-Event-ID", lastEventId);
        }
        return exchange("GET", h, null, control);
    }

    /** True when {@code reply} is a 200 event stream. */
    static boolean isEventStream(HttpReply reply) {
        String type = reply.header("Content-Type");
        return reply.status() == 200 && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }

    /** The largest JSON body or SSE event accepted. */
    long maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * Sends one HTTP request with the authorizer's headers; on a refusal it can fix, asks it and
     * sends again (bounded). Returns the final reply, which the caller closes.
     */
    private HttpReply exchange(String httpMethod, Map<String, String> headers, byte[] body, CallControl control) {
        int reauthorized = 0;
        int steppedUp = 0;
        while (true) {
            Map<String, String> h = headers;
            String credentials = null;
            if (authorizer != null) {
                Map<String, String> auth = authorizer.headers(httpMethod, endpoint);
                if (!auth.isEmpty()) {
                    h = new LinkedHashMap<>(headers);
                    h.putAll(auth);
                    credentials = auth.get("Authorization");
                }
            }
            HttpReply reply = transport.send(httpMethod, endpoint, h, body, control, maxResponseBytes);
            int status = reply.status();
            if (authorizer == null || status != 401 && status != 403) {
                return reply;
            }
            AuthChallenge challenge = challenge(reply, httpMethod, credentials);
            boolean retryable = status == 401 ? reauthorized < 1 : challenge.insufficientScope() && steppedUp < MAX_STEP_UPS;
            if (!retryable) {
                return reply;
            }
            HttpReply refused = buffered(reply, control);
            boolean again;
            control.pause(); // authorizing may wait for a person
            try {
                again = authorizer.onChallenge(challenge);
            } finally {
                control.resume();
            }
            if (!again) {
                return refused;
            }
            if (status == 401) {
                reauthorized++;
            } else {
                steppedUp++;
            }
        }
    }

    private AuthChallenge challenge(HttpReply reply, String httpMethod, String credentials) {
        String www = reply.header("WWW-Authenticate");
        Map<String, String> headers = new LinkedHashMap<>();
        if (www != null) {
            headers.put("www-authenticate", www);
        }
        String nonce = reply.header("DPoP-Nonce");
        if (nonce != null) {
            headers.put("dpop-nonce", nonce);
        }
        return new AuthChallenge(reply.status(), httpMethod, endpoint, Challenge.parse(www), credentials, headers);
    }

    /** Reads a refusal's body (bounded) and releases the exchange, keeping what the caller may read. */
    private HttpReply buffered(HttpReply reply, CallControl control) {
        try (reply) {
            byte[] body = reply.body().readNBytes(MAX_REFUSAL_BODY);
            Map<String, String> kept = new LinkedHashMap<>();
            for (String name : new String[] {"WWW-Authenticate", "Content-Type", SESSION_HEADER}) {
                String v = reply.header(name);
                if (v != null) {
                    kept.put(name.toLowerCase(Locale.ROOT), v);
                }
            }
            return new BufferedReply(reply.status(), kept, body);
        } catch (IOException e) {
            throw control.failure(e);
        }
    }

    private record BufferedReply(int status, Map<String, String> headers, byte[] bytes) implements HttpReply {
        @Override
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public InputStream body() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public void close() {
        }
    }

    /**
     * The stream of {@code request} ended before its response: reconnect with GET and
     * {@code Last-Event-ID} after the server's {@code retry} delay, and read on (session era, when
     * the server gave event ids). Bounded by {@link #MAX_RESUMES} and the call's deadline.
     */
    private Response resume(SseReader ended, Request request, Map<String, String> headers, CallControl control,
                            StreamHandler handler) throws IOException {
        String lastId = ended.lastEventId();
        long retry = ended.retryMillis() >= 0 ? ended.retryMillis() : DEFAULT_RETRY.toMillis();
        if (!handler.resumable() || lastId == null) {
            throw invalid(request.method(), "the event stream ended without a response");
        }
        for (int attempt = 0; attempt < MAX_RESUMES; attempt++) {
            sleep(retry, control);
            try (HttpReply reply = openStream(headers, lastId, control)) {
                if (!isEventStream(reply)) {
                    throw invalid(request.method(), "the event stream ended without a response, and resuming it"
                            + " (GET with Last-Event-ID " + lastId + ") got HTTP " + reply.status());
                }
                SseReader events = new SseReader(reply.body(), maxResponseBytes);
                Response response = readStream(events, request, handler);
                if (response != null) {
                    return response;
                }
                if (events.lastEventId() != null) {
                    lastId = events.lastEventId();
                }
                if (events.retryMillis() >= 0) {
                    retry = events.retryMillis();
                }
            }
        }
        throw invalid(request.method(), "the event stream ended without a response " + (MAX_RESUMES + 1) + " times");
    }

    /** Waits {@code millis}, or until the call is stopped (then throws its failure). */
    static void sleep(long millis, CallControl control) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable detach = control.attach(t -> stopped.countDown());
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw control.failure(e);
        } finally {
            detach.run();
        }
        control.check();
    }

    /** Reads events until the response to {@code request} (returned) or the end of the stream (null). */
    private Response readStream(SseReader events, Request request, StreamHandler handler) throws IOException {
        String data;
        try {
            while ((data = events.next()) != null) {
                if (data.isBlank()) {
                    continue; // a session-era priming event
                }
                Message message;
                try {
                    message = JsonRpcCodec.decode(Wire.parse(data));
                } catch (McpException e) {
                    throw invalid(request.method(), "an event is not a JSON-RPC message: " + e.getMessage());
                }
                switch (message) {
                    case Notification n -> handler.notification(n);
                    case Request r -> handler.request(r);
                    case Response r -> {
                        checkId(r, request);
                        return r;
                    }
                }
            }
        } catch (SseReader.TooLarge e) {
            throw tooLarge(request.method());
        }
        return null;
    }

    private byte[] readBody(HttpReply reply, String method) throws IOException {
        String length = reply.header("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                // let the body speak for itself
            }
        }
        if (declared > maxResponseBytes) {
            throw tooLarge(method);
        }
        if (declared >= 0) {
            // the common case: one array of the declared size (readNBytes(limit) would allocate
            // 16 KiB chunks and copy them, per response), then a read that must find the end
            byte[] body = new byte[(int) declared];
            int n = reply.body().readNBytes(body, 0, body.length);
            if (n < body.length) {
                return java.util.Arrays.copyOf(body, n); // shorter than declared: what came, as before
            }
            // HTTP framing stops the body at Content-Length; reading its end completes the
            // exchange, so closing the reply has nothing to abort
            reply.body().read();
            return body;
        }
        byte[] body = reply.body().readNBytes((int) Math.min(maxResponseBytes + 1, Integer.MAX_VALUE - 8));
        if (body.length > maxResponseBytes) {
            throw tooLarge(method);
        }
        return body;
    }

    private void checkId(Response response, Request request) {
        if (response.id() == null && response instanceof Response.Failure) {
            return; // the server could not read our id
        }
        if (!request.id().equals(response.id())) {
            throw invalid(request.method(), "the response has id " + response.id() + " but the request had id "
                    + request.id());
        }
    }

    private McpClientException invalid(String method, String problem) {
        return new McpClientException(Kind.INVALID_RESPONSE, "Invalid response to " + method + " from " + endpoint
                + ": " + problem);
    }

    private McpClientException tooLarge(String method) {
        return new McpClientException(Kind.INVALID_RESPONSE, "Invalid response to " + method + " from " + endpoint
                + ": a message exceeds the limit of " + maxResponseBytes + " bytes (McpClient.Builder.maxResponseBytes)");
    }

    UnauthorizedException unauthorized(HttpReply reply) {
        String challenge = reply.header("WWW-Authenticate");
        return new UnauthorizedException(endpoint, challenge, WwwAuthenticate.resourceMetadata(challenge),
                refusalMessage(reply));
    }

    /** The JSON-RPC error message of a refusal's body (what the server says is wrong), or null. */
    private static String refusalMessage(HttpReply reply) {
        try {
            byte[] body = reply.body().readNBytes(16 * 1024);
            if (body.length > 0 && Wire.parse(body) instanceof JsonObject o && o.getObject("error") != null) {
                return o.getObject("error").getString("message");
            }
        } catch (IOException | RuntimeException e) {
            // no readable explanation (not JSON, or Jetty refusing a 401 without a challenge): the
            // status and challenge still say enough
        }
        return null;
    }

    private static String kind(Message m) {
        return m instanceof Request ? "request" : "notification";
    }

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, SNIPPET), StandardCharsets.UTF_8);
        return body.length > SNIPPET ? s + "..." : s;
    }

    /** The start of a JSON value for messages. */
    static String snippet(Json json) {
        return snippet(Wire.write(json));
    }
}
