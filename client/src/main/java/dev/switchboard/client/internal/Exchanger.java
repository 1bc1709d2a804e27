package dev.switchboard.client.internal;

import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.client.UnauthorizedException;
import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One JSON-RPC message over one HTTP exchange with the MCP endpoint: POSTs it, then reads the
 * answer, a JSON body or an event stream whose notifications and server requests go to a
 * {@link StreamHandler} until the response arrives. Checks what the protocol lets it check (JSON,
 * envelope, response id, size limit) and leaves era decisions (404, fallback) to the caller.
 */
public final class Exchanger implements Channel {
    static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final int SNIPPET = 300;

    private final HttpTransport transport;
    private final URI endpoint;
    private final long maxResponseBytes;

    /**
     * An exchanger for {@code endpoint}.
     *
     * @param transport        the HTTP client
     * @param endpoint         the MCP endpoint
     * @param maxResponseBytes the largest JSON body or SSE event accepted
     */
    public Exchanger(HttpTransport transport, URI endpoint, long maxResponseBytes) {
        this.transport = transport;
        this.endpoint = endpoint;
        this.maxResponseBytes = maxResponseBytes;
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
        HttpReply reply = transport.send("POST", endpoint, headers, Wire.write(request), control);
        try (reply) {
            int status = reply.status();
            if (status == 401) {
                throw unauthorized(reply);
            }
            boolean ok = status / 100 == 2;
            String sessionId = reply.header(SESSION_HEADER);
            String type = reply.header("Content-Type");
            if (ok && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                return new PostResult(status, readStream(reply.body(), request, handler), sessionId, null);
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
        try (HttpReply reply = transport.send("POST", endpoint, headers, Wire.write(message), control)) {
            if (reply.status() == 401) {
                throw unauthorized(reply);
            }
            return reply.status();
        }
    }

    /** Sends DELETE (ends a session-era session) and returns the status. */
    @Override
    public int delete(Map<String, String> headers, CallControl control) {
        try (HttpReply reply = transport.send("DELETE", endpoint, headers, null, control)) {
            return reply.status();
        }
    }

    /** GETs the session's stream and reads it to its end. */
    @Override
    public int stream(Map<String, String> headers, CallControl control, Runnable opened, StreamHandler handler) {
        String what = "the session's GET stream";
        HttpReply reply = transport.send("GET", endpoint, headers, null, control);
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

    private Response readStream(InputStream in, Request request, StreamHandler handler) throws IOException {
        SseReader events = new SseReader(in, maxResponseBytes);
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
        throw invalid(request.method(), "the event stream ended without a response");
    }

    private byte[] readBody(HttpReply reply, String method) throws IOException {
        String length = reply.header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxResponseBytes) {
                    throw tooLarge(method);
                }
            } catch (NumberFormatException e) {
                // let the body speak for itself
            }
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

    private UnauthorizedException unauthorized(HttpReply reply) {
        String challenge = reply.header("WWW-Authenticate");
        return new UnauthorizedException(endpoint, challenge, WwwAuthenticate.resourceMetadata(challenge));
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
