package dev.switchboard.server.stdio;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestMeta;
import dev.switchboard.server.session.Initialized;
import dev.switchboard.server.session.ReplyRouter;
import dev.switchboard.server.session.Session;
import dev.switchboard.protocol.MetaKeys;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves an {@link McpServer} over stdio, to clients of either era (a 2026-07-28 request carries
 * its {@code _meta}; a session-era client starts with {@code initialize}, and the process is its
 * session): newline-delimited JSON-RPC on stdin and stdout, one
 * virtual thread per request, diagnostics on stderr only. {@code notifications/cancelled} cancels
 * an in-flight request. Blocks in {@link #run()} until stdin ends and the requests in flight are
 * answered (listen streams end with the input).
 */
public final class StdioTransport {
    private static final System.Logger LOG = System.getLogger(StdioTransport.class.getName());

    private final McpServer server;
    private final InputStream in;
    private final OutputStream out;
    private final Map<RequestId, CancellationSignal> inFlight = new ConcurrentHashMap<>();
    private final java.util.Set<RequestId> streaming = ConcurrentHashMap.newKeySet();
    private volatile Session session;

    /** A transport over the given streams (normally {@code System.in} and {@code System.out}). */
    public StdioTransport(McpServer server, InputStream in, OutputStream out) {
        this.server = server;
        this.in = in;
        this.out = out;
    }

    /** Reads messages until end of input, then waits for in-flight requests to finish. */
    public void run() throws IOException {
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Json json;
                Message message;
                try {
                    json = Wire.parse(line);
                } catch (McpException e) {
                    write(new Response.Failure(null, e.toError()));
                    continue;
                }
                try {
                    message = JsonRpcCodec.decode(json);
                } catch (McpException e) {
                    write(new Response.Failure(JsonRpcCodec.peekId(json), e.toError()));
                    continue;
                }
                switch (message) {
                    case Request r -> {
                        CancellationSignal signal = new CancellationSignal();
                        inFlight.put(r.id(), signal);
                        if (server.isStreaming(r.method())) {
                            streaming.add(r.id());
                        }
                        workers.submit(() -> serve(r, signal));
                    }
                    case Notification n -> onNotification(n);
                    case Response r -> {
                        Session current = session;
                        if (current == null || server.deliverReply(current, r) == ReplyRouter.Delivery.UNKNOWN) {
                            LOG.log(System.Logger.Level.DEBUG, "ignoring an unexpected response from the client: " + r.id());
                        }
                    }
                }
            }
            // end of input: answer what is in flight (closing the executor waits), but a listen
            // stream only ends when its client does, so those are cancelled now
            streaming.forEach(id -> {
                CancellationSignal s = inFlight.get(id);
                if (s != null) {
                    s.cancel();
                }
            });
        }
    }

    /** Cancels every request in flight (a shutdown); {@link #run()} then returns at end of input. */
    public void close() {
        inFlight.values().forEach(CancellationSignal::cancel);
    }

    private void onNotification(Notification n) {
        if (Methods.NOTIFICATION_CANCELLED.equals(n.method())) {
            RequestId id = RequestId.fromJson(n.params().get("requestId"));
            CancellationSignal s = id == null ? null : inFlight.get(id);
            if (s != null) {
                s.cancel();
            }
        }
    }

    private void serve(Request r, CancellationSignal signal) {
        Thread worker = Thread.currentThread();
        signal.onCancel(worker::interrupt);
        EventSink sink = new EventSink() {
            @Override
            public boolean send(Notification notification) {
                return !signal.isCancelled() && write(notification);
            }

            @Override
            public boolean send(Request request) {
                return !signal.isCancelled() && write(request);
            }

            @Override
            public boolean isOpen() {
                return !signal.isCancelled();
            }
        };
        try {
            JsonObject result;
            JsonObject meta = r.params().getObject("_meta");
            boolean modern = meta != null && meta.has(MetaKeys.PROTOCOL_VERSION);
            if (!modern && Methods.INITIALIZE.equals(r.method())) {
                // session era: on stdio the process is the session, so it lives in this transport
                Initialized opened = server.initialize(r, Principal.ANONYMOUS);
                session = opened.session();
                result = opened.result();
            } else if (!modern && session != null) {
                result = server.handleSession(r, session, Principal.ANONYMOUS, sink, signal);
            } else {
                RequestMeta requestMeta = RequestMeta.read(r);
                server.checkVersion(requestMeta.protocolVersion());
                result = server.handle(r, requestMeta, Principal.ANONYMOUS, sink, signal);
            }
            if (!signal.isCancelled()) { // a handler that ignored the cancellation still gets no response out
                write(new Response.Success(r.id(), result));
            }
        } catch (McpException e) {
            if (!signal.isCancelled()) {
                write(new Response.Failure(r.id(), e.toError()));
            }
        } catch (CancellationException | InterruptedException e) {
            // cancelled by the client: the spec says send nothing
        } catch (Exception e) {
            if (!signal.isCancelled()) {
                LOG.log(System.Logger.Level.ERROR, "request " + r.method() + " failed", e);
                write(new Response.Failure(r.id(), new JsonRpcError(ErrorCode.INTERNAL_ERROR,
                        "Internal error: " + e.getClass().getSimpleName(), null)));
            }
        } finally {
            inFlight.remove(r.id());
            streaming.remove(r.id());
        }
    }

    private boolean write(Message message) {
        byte[] line = Wire.write(message);
        synchronized (out) {
            try {
                out.write(line);
                out.write('\n');
                out.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
