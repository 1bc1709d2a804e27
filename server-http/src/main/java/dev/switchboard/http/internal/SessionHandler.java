package dev.switchboard.http.internal;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Principal;
import dev.switchboard.server.session.Initialized;
import dev.switchboard.server.session.ReplyRouter;
import dev.switchboard.server.session.StreamBusyException;
import dev.switchboard.server.session.Session;
import dev.switchboard.server.session.SessionGoneException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;

/**
 * The session era on the same endpoint (protocol brief §1.3, §8): {@code initialize} mints a
 * sealed session id; requests, notifications and answers carrying it are served by whichever
 * instance they reach; GET opens the session's notification stream; DELETE ends the session.
 * Unknown, forged, expired or terminated ids get 404, so the client starts over.
 */
final class SessionHandler {
    static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final System.Logger LOG = System.getLogger(SessionHandler.class.getName());

    private final McpServer server;
    private final McpHandler endpoint;
    private final StreamRegistry streams;

    SessionHandler(McpServer server, McpHandler endpoint, StreamRegistry streams) {
        this.server = server;
        this.endpoint = endpoint;
        this.streams = streams;
    }

    /** The session behind the header, or null after answering 404. */
    private Session session(String id, Principal principal, org.eclipse.jetty.server.Response response,
                            Callback callback) {
        try {
            return server.resumeSession(id.strip(), principal);
        } catch (SessionGoneException e) {
            LOG.log(System.Logger.Level.DEBUG, "session refused: " + e.getMessage());
            McpHandler.plainError(response, callback, 404, ErrorCode.INVALID_REQUEST,
                    "Session not found: it expired, was terminated, or was not issued here. Send initialize again.");
            return null;
        }
    }

    /** A session-era version header must be one we serve (it may be absent: 2025-03-26 clients). */
    private static String checkVersionHeader(org.eclipse.jetty.server.Request request) {
        String v = request.getHeaders().get(McpHandler.MCP_PROTOCOL_VERSION);
        if (v != null && !ProtocolVersion.SESSION_ERA.contains(v.strip())) {
            return "Unsupported MCP-Protocol-Version \"" + v.strip() + "\"; this session speaks "
                    + String.join(", ", ProtocolVersion.SESSION_ERA);
        }
        return null;
    }

    void initialize(Request r, org.eclipse.jetty.server.Request request, Principal principal,
                    org.eclipse.jetty.server.Response response, Callback callback) {
        String bad = checkVersionHeader(request);
        if (bad != null) {
            McpHandler.writeError(response, callback, 400, r.id(), new JsonRpcError(ErrorCode.INVALID_REQUEST, bad, null));
            return;
        }
        Initialized opened;
        try {
            opened = server.initialize(r, principal);
        } catch (McpException e) {
            McpHandler.writeError(response, callback, 400, r.id(), e.toError());
            return;
        }
        byte[] body = Wire.write(JsonRpcCodec.encode(new Response.Success(r.id(), opened.result())));
        response.setStatus(200);
        response.getHeaders().put(SESSION_HEADER, opened.session().id());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    void request(Request r, org.eclipse.jetty.server.Request request, Principal principal, McpHandler.Accept accept,
                 org.eclipse.jetty.server.Response response, Callback callback) {
        String bad = checkVersionHeader(request);
        if (bad != null) {
            McpHandler.writeError(response, callback, 400, r.id(), new JsonRpcError(ErrorCode.INVALID_REQUEST, bad, null));
            return;
        }
        Session session = session(request.getHeaders().get(SESSION_HEADER), principal, response, callback);
        if (session == null) {
            return;
        }
        if (Methods.INITIALIZE.equals(r.method())) {
            McpHandler.writeError(response, callback, 400, r.id(), new JsonRpcError(ErrorCode.INVALID_REQUEST,
                    "This session is already initialized; send initialize without Mcp-Session-Id to start a new one", null));
            return;
        }
        // JSON-RPC errors travel with 200 here: in the session era a 404 means "session gone"
        endpoint.exchange(r, request, accept.sse(), false, response, callback,
                (exchange, cancellation) -> server.handleSession(r, session, principal, exchange, cancellation),
                ErrorStatus::ofSession);
    }

    void notification(Notification n, String id, Principal principal, org.eclipse.jetty.server.Response response,
                      Callback callback) {
        Session session = session(id, principal, response, callback);
        if (session == null) {
            return;
        }
        if (Methods.NOTIFICATION_CANCELLED.equals(n.method())) {
            RequestId target = RequestId.fromJson(n.params().get("requestId"));
            if (target != null) {
                server.cancelSessionRequest(session, target);
            }
        }
        response.setStatus(202);
        callback.succeeded();
    }

    void reply(Response r, String id, Principal principal, org.eclipse.jetty.server.Response response,
               Callback callback) {
        Session session = session(id, principal, response, callback);
        if (session == null) {
            return;
        }
        ReplyRouter.Delivery d = server.deliverReply(session, r);
        if (d == ReplyRouter.Delivery.UNKNOWN) {
            McpHandler.plainError(response, callback, 400, ErrorCode.INVALID_REQUEST, "No request with id " + r.id()
                    + " is waiting for an answer in this session (unknown, already answered, timed out, or another session's)");
            return;
        }
        response.setStatus(202);
        callback.succeeded();
    }

    /** GET opens the session's stream; DELETE ends the session. */
    void getOrDelete(org.eclipse.jetty.server.Request request, Principal principal,
                     org.eclipse.jetty.server.Response response, Callback callback, String id) {
        Session session = session(id, principal, response, callback);
        if (session == null) {
            return;
        }
        if ("DELETE".equals(request.getMethod())) {
            server.terminateSession(session);
            response.setStatus(200);
            callback.succeeded();
            return;
        }
        McpHandler.Accept accept = McpHandler.Accept.of(request.getHeaders().getValuesList(HttpHeader.ACCEPT));
        if (!accept.sse()) {
            McpHandler.plainError(response, callback, 406, ErrorCode.INVALID_REQUEST,
                    "The session stream is text/event-stream: Accept must include it");
            return;
        }
        CancellationSignal cancellation = new CancellationSignal();
        HttpExchange exchange = new HttpExchange(response, true, cancellation);
        request.addFailureListener(t -> cancellation.cancel());
        Thread worker = Thread.currentThread();
        cancellation.onCancel(worker::interrupt);
        try {
            server.serveSessionStream(session, new SessionStreamSink(exchange), cancellation);
        } catch (StreamBusyException e) {
            McpHandler.plainError(response, callback, 409, ErrorCode.INVALID_REQUEST, e.getMessage());
            return;
        } catch (CancellationException e) {
            // the client closed the stream
        } finally {
            streams.remove(exchange);
            Thread.interrupted();
        }
        exchange.abandon();
        callback.succeeded();
    }

    /** Opens the SSE response on first use and registers it for keep-alives. */
    private final class SessionStreamSink implements dev.switchboard.server.EventSink {
        private final HttpExchange exchange;
        private boolean started;

        SessionStreamSink(HttpExchange exchange) {
            this.exchange = exchange;
        }

        private void start() {
            if (!started) {
                started = true;
                exchange.startStream();
                streams.add(exchange);
                exchange.keepAlive(0); // send the headers now, so the client knows the stream is open
            }
        }

        @Override
        public boolean send(Notification notification) {
            start();
            return exchange.send(notification);
        }

        @Override
        public boolean isOpen() {
            start();
            return exchange.isOpen();
        }
    }

}
