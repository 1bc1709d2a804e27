package dev.switchboard.http.internal;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.http.AuthenticationException;
import dev.switchboard.http.Authenticator;
import dev.switchboard.http.InboundCredential;
import dev.switchboard.http.Route;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestMeta;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The Streamable HTTP endpoint (2026-07-28): one POST per JSON-RPC message, validated in the
 * order of the protocol brief §2.4, answered with JSON or, when the request streams, SSE.
 * Runs on a virtual thread per request and blocks freely.
 */
public final class McpHandler extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(McpHandler.class.getName());
    private static volatile long lastOutageLog;
    private static final Set<String> READ_ONLY = Set.of("GET", "HEAD");

    private final McpServer server;
    private final String path;
    private final int maxBodyBytes;
    private final OriginPolicy origins;
    private final StreamRegistry streams;
    private final SessionHandler sessions;
    private final Authenticator authenticator;
    private final java.util.function.Supplier<JsonObject> health;
    private final Map<String, Route> routes;

    /**
     * An endpoint serving {@code server} at {@code path}, with callers identified by
     * {@code authenticator}; {@code /healthz} answers {@code health}'s document, and the read-only
     * {@code routes} (by exact path) are served beside it.
     */
    public McpHandler(McpServer server, String path, int maxBodyBytes, OriginPolicy origins, StreamRegistry streams,
                      Authenticator authenticator, java.util.function.Supplier<JsonObject> health,
                      Map<String, Route> routes) {
        super(InvocationType.BLOCKING);
        this.health = health;
        this.server = server;
        this.path = path;
        this.maxBodyBytes = maxBodyBytes;
        this.origins = origins;
        this.streams = streams;
        this.authenticator = authenticator;
        this.routes = Map.copyOf(routes);
        this.sessions = new SessionHandler(server, this, streams);
    }

    @Override
    public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                          Callback callback) {
        String target = org.eclipse.jetty.server.Request.getPathInContext(request);
        HttpFields headers = request.getHeaders();
        String refusal = origins.check(headers.get(HttpHeader.HOST), headers.get(HttpHeader.ORIGIN));
        if (refusal != null) {
            plainError(response, callback, 403, ErrorCode.INVALID_REQUEST, refusal);
            return true;
        }
        if (target.equals("/healthz") && READ_ONLY.contains(request.getMethod())) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(Wire.write(health.get())), callback);
            return true;
        }
        Route route = routes.get(target);
        if (route != null) {
            serveRoute(route, request, response, callback);
            return true;
        }
        if (!target.equals(path)) {
            return false;
        }
        String sessionId = headers.get(SessionHandler.SESSION_HEADER);
        boolean getOrDelete = "GET".equals(request.getMethod()) || "DELETE".equals(request.getMethod());
        if (!"POST".equals(request.getMethod()) && !(sessionId != null && getOrDelete)) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            plainError(response, callback, 405, ErrorCode.INVALID_REQUEST, request.getMethod()
                    + " needs an Mcp-Session-Id (session era); MCP 2026-07-28 uses one POST per message");
            return true;
        }
        Principal principal = authenticate(request, response, callback);
        if (principal == null) {
            return true;
        }
        try {
            String token = authenticator.keepsBearerToken() && !principal.isAnonymous() ? inbound(request).bearerToken() : null;
            Runnable serve = () -> {
                if (getOrDelete) {
                    sessions.getOrDelete(request, principal, response, callback, sessionId);
                } else {
                    post(request, principal, response, callback);
                }
            };
            if (token == null) {
                serve.run();
            } else {
                InboundCredential.with(principal, token, serve); // in memory, for this request only
            }
        } catch (StateUnavailableException e) {
            // session lookups, revocations and replies need the shared store: fail fast and retriable
            long now = System.currentTimeMillis();
            if (now - lastOutageLog > 10_000) { // one line per 10 s during an outage, not one per request
                lastOutageLog = now;
                LOG.log(System.Logger.Level.WARNING, "shared state unavailable: " + e.getMessage());
            }
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                plainError(response, callback, 503, ErrorCode.UNAVAILABLE,
                        "The shared state store is unavailable, and this request needs it; retry shortly");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure serving MCP request", e);
            callback.failed(e);
        }
        return true;
    }

    private static void serveRoute(Route route, org.eclipse.jetty.server.Request request,
                                   org.eclipse.jetty.server.Response response, Callback callback) {
        if (!READ_ONLY.contains(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            plainError(response, callback, 405, ErrorCode.INVALID_REQUEST,
                    request.getMethod() + " is not allowed here: this is a read-only document");
            return;
        }
        Route.Reply reply = route.get(inbound(request));
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()), callback);
    }

    private static Authenticator.Inbound inbound(org.eclipse.jetty.server.Request request) {
        HttpFields headers = request.getHeaders();
        return new Authenticator.Inbound() {
            @Override
            public String header(String name) {
                return headers.get(name);
            }

            @Override
            public String remoteAddress() {
                return org.eclipse.jetty.server.Request.getRemoteAddr(request);
            }

            @Override
            public String query() {
                return request.getHttpURI().getQuery();
            }
        };
    }

    /** The caller, or null after answering 401/403 (brief §2.4: right after the Origin check). */
    private Principal authenticate(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                   Callback callback) {
        try {
            return authenticator.authenticate(inbound(request));
        } catch (AuthenticationException e) {
            if (e.challenge() != null) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, e.challenge());
            }
            plainError(response, callback, e.forbidden() ? 403 : 401,
                    e.forbidden() ? ErrorCode.FORBIDDEN : ErrorCode.UNAUTHENTICATED, e.getMessage());
            return null;
        }
    }

    private void post(org.eclipse.jetty.server.Request request, Principal principal,
                      org.eclipse.jetty.server.Response response, Callback callback) {
        HttpFields headers = request.getHeaders();
        String contentType = headers.get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            plainError(response, callback, 415, ErrorCode.INVALID_REQUEST,
                    "Content-Type must be application/json, got " + (contentType == null ? "none" : contentType));
            return;
        }
        Accept accept = Accept.of(headers.getValuesList(HttpHeader.ACCEPT));
        if (!accept.json() && !accept.sse()) {
            plainError(response, callback, 406, ErrorCode.INVALID_REQUEST,
                    "Accept must list application/json and text/event-stream");
            return;
        }
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            if (declared <= drainLimit()) {
                drain(request); // a client that reads only after writing everything still gets the 413
            } else {
                consume(request); // too much to read for nothing: answer now, the connection closes
            }
            plainError(response, callback, 413, ErrorCode.INVALID_REQUEST, tooLarge());
            return;
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = readBody(in, declared);
            if (body.length > maxBodyBytes) { // chunked and too long: drop the rest (up to the drain limit) too
                discard(in, drainLimit() - body.length);
            }
        } catch (IOException e) {
            callback.failed(e);
            return;
        }
        if (body.length > maxBodyBytes) {
            plainError(response, callback, 413, ErrorCode.INVALID_REQUEST, tooLarge());
            return;
        }
        Json json;
        Message message;
        try {
            json = Wire.parse(body);
        } catch (McpException e) {
            plainError(response, callback, 400, e.code(), e.getMessage());
            return;
        }
        try {
            message = JsonRpcCodec.decode(json);
        } catch (McpException e) {
            writeError(response, callback, 400, JsonRpcCodec.peekId(json), e.toError());
            return;
        }
        switch (message) {
            case Notification n -> {
                String sid = headers.get(SessionHandler.SESSION_HEADER);
                if (sid != null && !hasModernMeta(n.params())) {
                    sessions.notification(n, sid, principal, response, callback);
                } else {
                    // nothing a stateless server must act on (cancellation is a closed stream)
                    response.setStatus(202);
                    callback.succeeded();
                }
            }
            case Response r -> {
                String sid = headers.get(SessionHandler.SESSION_HEADER);
                if (sid != null) {
                    sessions.reply(r, sid, principal, response, callback);
                } else {
                    plainError(response, callback, 400, ErrorCode.INVALID_REQUEST, "Clients must not send JSON-RPC "
                            + "responses on MCP 2026-07-28 (there are no server-to-client requests); session-era "
                            + "answers need their Mcp-Session-Id");
                }
            }
            case Request r -> {
                switch (era(r, headers)) {
                    case MODERN -> serve(r, request, principal, accept, response, callback);
                    case SESSION -> sessions.request(r, request, principal, accept, response, callback);
                    case INITIALIZE -> sessions.initialize(r, request, principal, response, callback);
                    case SESSION_MISSING -> writeError(response, callback, 400, r.id(), new JsonRpcError(
                            ErrorCode.INVALID_REQUEST, "Missing Mcp-Session-Id: with MCP-Protocol-Version "
                            + headers.get(MCP_PROTOCOL_VERSION) + " call initialize first and send the session id it "
                            + "returns on every request", null));
                }
            }
        }
    }

    /** How a request is served (protocol brief §1.3). */
    enum Era { MODERN, SESSION, INITIALIZE, SESSION_MISSING }

    static final String MCP_PROTOCOL_VERSION = "MCP-Protocol-Version";

    /**
     * Modern when the body carries the 2026 {@code _meta} or the header names a modern (or unknown)
     * version; else the session era: with a session id, an {@code initialize}, or a session-era
     * request that lacks its session.
     */
    static Era era(Request r, HttpFields headers) {
        String headerVersion = headers.get(MCP_PROTOCOL_VERSION);
        if (hasModernMeta(r.params()) || (headerVersion != null && ProtocolVersion.isModern(headerVersion.strip()))) {
            return Era.MODERN;
        }
        if (headers.get(SessionHandler.SESSION_HEADER) != null) {
            return Era.SESSION;
        }
        if (Methods.INITIALIZE.equals(r.method())) {
            return Era.INITIALIZE;
        }
        return headerVersion != null ? Era.SESSION_MISSING : Era.MODERN;
    }

    private static boolean hasModernMeta(JsonObject params) {
        JsonObject meta = params.getObject("_meta");
        return meta != null && meta.has(MetaKeys.PROTOCOL_VERSION);
    }

    private void serve(Request r, org.eclipse.jetty.server.Request jettyRequest, Principal principal, Accept accept,
                       org.eclipse.jetty.server.Response response, Callback callback) {
        HttpFields headers = jettyRequest.getHeaders();
        String headerVersion = headers.get(MCP_PROTOCOL_VERSION);
        RequestMeta meta;
        try {
            if (headerVersion == null) {
                throw HeaderChecks.mismatch("Missing MCP-Protocol-Version header: every MCP 2026-07-28 POST must send "
                        + "it, equal to params._meta[\"" + MetaKeys.PROTOCOL_VERSION + "\"]");
            }
            meta = RequestMeta.read(r);
            if (!headerVersion.strip().equals(meta.protocolVersion())) {
                throw HeaderChecks.mismatch("MCP-Protocol-Version header \"" + headerVersion.strip()
                        + "\" does not match params._meta protocolVersion \"" + meta.protocolVersion() + "\"");
            }
            server.checkVersion(meta.protocolVersion());
            HeaderChecks.check(r, headers::get, server::headerBindings);
        } catch (McpException e) {
            writeError(response, callback, ErrorStatus.of(e.code(), true), r.id(), e.toError());
            return;
        }
        boolean listen = server.isStreaming(r.method());
        if (listen && !accept.sse()) {
            writeError(response, callback, 406, r.id(), new JsonRpcError(ErrorCode.INVALID_REQUEST,
                    r.method() + " answers with an event stream: Accept must include text/event-stream", null));
            return;
        }
        exchange(r, jettyRequest, accept.sse(), listen, response, callback,
                (exchange, cancellation) -> server.handle(r, meta, principal, exchange, cancellation),
                code -> ErrorStatus.of(code, false));
    }

    /** Runs a request's work against its response, which the work may turn into an event stream. */
    @FunctionalInterface
    interface Work {
        JsonObject run(HttpExchange exchange, CancellationSignal cancellation) throws Exception;
    }

    /**
     * Serves one request: the work runs on this (virtual) thread, a client that goes away cancels
     * it (interrupt plus signal), and the result or error becomes the final message.
     */
    void exchange(Request r, org.eclipse.jetty.server.Request jettyRequest, boolean sse, boolean streamNow,
                  org.eclipse.jetty.server.Response response, Callback callback, Work work,
                  java.util.function.IntUnaryOperator statusOf) {
        CancellationSignal cancellation = new CancellationSignal();
        HttpExchange exchange = new HttpExchange(response, sse, cancellation);
        Thread worker = Thread.currentThread();
        cancellation.onCancel(worker::interrupt);
        jettyRequest.addFailureListener(t -> cancellation.cancel()); // the client went away
        if (streamNow) {
            exchange.startStream();
        }
        streams.add(exchange);
        try {
            JsonObject result = work.run(exchange, cancellation);
            exchange.finish(200, JsonRpcCodec.encode(new Response.Success(r.id(), result)));
        } catch (McpException e) {
            retryAfter(response, e);
            exchange.finish(statusOf.applyAsInt(e.code()), JsonRpcCodec.encode(new Response.Failure(r.id(), e.toError())));
        } catch (CancellationException | InterruptedException e) {
            exchange.abandon();
        } catch (Exception e) {
            if (cancellation.isCancelled()) {
                exchange.abandon();
            } else {
                LOG.log(System.Logger.Level.ERROR, "request " + r.method() + " failed", e);
                exchange.finish(500, JsonRpcCodec.encode(new Response.Failure(r.id(),
                        new JsonRpcError(ErrorCode.INTERNAL_ERROR, "Internal error: " + e.getClass().getSimpleName(), null))));
            }
        } finally {
            streams.remove(exchange);
            Thread.interrupted(); // clear a late cancellation interrupt: the rest of this thread's work is ours
        }
        if (cancellation.isCancelled() && !exchange.isStreaming()) {
            callback.failed(new CancellationException("client went away"));
        } else {
            callback.succeeded();
        }
    }

    /** A rate-limited or unavailable answer tells HTTP clients and proxies when to come back. */
    private static void retryAfter(org.eclipse.jetty.server.Response response, McpException e) {
        if ((e.code() == ErrorCode.RATE_LIMITED || e.code() == ErrorCode.UNAVAILABLE) && !response.isCommitted()
                && e.data() instanceof JsonObject data && data.get("retryAfterMs") instanceof dev.switchboard.protocol.json.JsonNumber ms) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(Math.max(1, (ms.longValue() + 999) / 1000)));
        }
    }

    /**
     * Reads the body: into an exact-size array when the length is declared (the common case, and
     * cheap), else in chunks up to one byte past the limit, so an oversized body is detected.
     */
    private byte[] readBody(InputStream in, long declared) throws IOException {
        if (declared >= 0) {
            byte[] body = new byte[(int) declared];
            int n = in.readNBytes(body, 0, body.length);
            return n == body.length ? body : java.util.Arrays.copyOf(body, n);
        }
        return in.readNBytes(maxBodyBytes + 1);
    }

    private String tooLarge() {
        return "Request body exceeds the limit of " + maxBodyBytes + " bytes";
    }

    private static void consume(org.eclipse.jetty.server.Request request) {
        request.consumeAvailable();
    }

    /** How much of an oversized body is read and dropped before answering 413 (beyond it, the connection closes). */
    private long drainLimit() {
        return Math.max(4L * maxBodyBytes, 16L * 1024 * 1024);
    }

    /** Reads and drops the body (its declared length is at most {@link #drainLimit()}). */
    private void drain(org.eclipse.jetty.server.Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            discard(in, drainLimit());
        } catch (IOException e) {
            // the client went away: the 413 will not be read either
        }
    }

    /** Reads and drops up to {@code limit} bytes of {@code in}. */
    private static void discard(InputStream in, long limit) throws IOException {
        byte[] sink = new byte[64 * 1024];
        for (int n; limit > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, limit))) > 0; ) {
            limit -= n;
        }
    }

    static void plainError(org.eclipse.jetty.server.Response response, Callback callback, int status,
                                   int code, String message) {
        writeError(response, callback, status, null, new JsonRpcError(code, message, null));
    }

    static void writeError(org.eclipse.jetty.server.Response response, Callback callback, int status,
                                   RequestId id, JsonRpcError error) {
        byte[] body = Wire.write(JsonRpcCodec.encode(new Response.Failure(id, error)));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** What the client accepts. */
    record Accept(boolean json, boolean sse) {
        private static final Accept BOTH = new Accept(true, true);

        static Accept of(java.util.List<String> values) {
            if (values == null || values.isEmpty()) {
                return BOTH;
            }
            boolean json = false;
            boolean sse = false;
            for (String v : values) {
                int start = 0;
                while (start <= v.length()) {
                    int comma = v.indexOf(',', start);
                    int end = comma < 0 ? v.length() : comma;
                    int semi = v.indexOf(';', start);
                    String type = v.substring(start, semi >= 0 && semi < end ? semi : end).strip().toLowerCase(Locale.ROOT);
                    switch (type) {
                        case "application/json", "application/*" -> json = true;
                        case "text/event-stream", "text/*" -> sse = true;
                        case "*/*" -> {
                            json = true;
                            sse = true;
                        }
                        default -> { }
                    }
                    start = end + 1;
                }
            }
            return new Accept(json, sse);
        }
    }
}
