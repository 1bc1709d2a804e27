package dev.switchboard.client.internal;

import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.client.SessionStore;
import dev.switchboard.client.SessionStore.Session;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.InitializeRequest;
import dev.switchboard.protocol.lifecycle.InitializeResult;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.notifications.CancelledNotification;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The session era (2025-11-25 and earlier) over Streamable HTTP: {@code initialize}, then
 * {@code notifications/initialized}, then requests carrying {@code Mcp-Session-Id} and
 * {@code MCP-Protocol-Version}. Server-to-client requests on a call's stream are answered through
 * the input handlers with a separate POST. A 404 means the session is gone: the client
 * initializes again, once per request, and retries. A stopped call sends
 * {@code notifications/cancelled}. Closing sends DELETE. {@link #stream} holds the session's GET
 * stream for listeners, where list changes and updates of subscribed resources arrive. When asked
 * ({@code sessionStream}), each session also opens the standalone GET stream by itself, for
 * server requests outside calls. With a {@link SessionStore} the session is the store's:
 * adopted instead of initialized, replaced through it on 404, its logging level kept there, and
 * not ended on close.
 */
final class LegacyConnection implements Connection {
    private static final System.Logger LOG = System.getLogger(LegacyConnection.class.getName());
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(5);

    private final Channel exchanger;
    private final ClientSettings settings;
    private final Ids ids;
    private final Timer timer;
    private final String requestedVersion;
    private final SessionStore store; // null: the session is this connection's own
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Session session;
    private volatile LoggingLevel sessionLevel;
    private SessionStream stream;

    LegacyConnection(Channel exchanger, ClientSettings settings, Ids ids, Timer timer, String requestedVersion) {
        this.exchanger = exchanger;
        this.settings = settings;
        this.ids = ids;
        this.timer = timer;
        this.requestedVersion = requestedVersion;
        this.store = settings.sessionStore();
    }

    /** Performs the handshake now. */
    void open(CallControl control) {
        lock.lock();
        try {
            if (session == null) {
                Session s = store == null ? handshake(control) : store.open(() -> handshake(control));
                begin(s, control);
                session = s;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isModern() {
        return false;
    }

    @Override
    public String protocolVersion() {
        return session.protocolVersion();
    }

    @Override
    public DiscoverResult description() {
        InitializeResult init = session.init();
        JsonObject meta = JsonObject.of(MetaKeys.SERVER_INFO, Codec.encode(init.serverInfo()));
        return new DiscoverResult(List.of(init.protocolVersion()), init.capabilities(), init.instructions(), 0, null, meta);
    }

    @Override
    public Implementation serverInfo() {
        return session.init().serverInfo();
    }

    @Override
    public JsonObject request(Call call, JsonObject params) {
        Session s = session;
        if (call.options().logLevel() != null && !Methods.LOGGING_SET_LEVEL.equals(call.method())) {
            setLevel(call, s);
        }
        JsonObject wire = legacyParams(params, call);
        for (int attempt = 0; ; attempt++) {
            Request request = new Request(ids.next(), call.method(), wire);
            Session current = s;
            PostResult result;
            try {
                result = exchanger.post(request, headers(current), call.control(),
                        new CallEvents(call, r -> answerAside(r, current, call.control())));
            } catch (McpClientException e) {
                if ((e.kind() == Kind.CANCELLED || e.kind() == Kind.TIMEOUT) && !exchanger.cancelsStoppedRequests()) {
                    cancelled(request, current, e.kind());
                }
                throw e;
            }
            if (result.status() == 404 && current.id() != null && attempt == 0) {
                LOG.log(System.Logger.Level.DEBUG, "session " + current.id() + " is gone; initializing again");
                s = reinitialize(current, call.control());
                continue;
            }
            return Results.of(call.method(), result, exchanger.endpoint());
        }
    }

    /** {@code resources/subscribe} or {@code resources/unsubscribe} of {@code uri}. */
    void subscription(String method, String uri, CallControl control) {
        request(new Call(method, dev.switchboard.client.CallOptions.DEFAULT, control, null),
                JsonObject.of("uri", Json.of(uri)));
    }

    /**
     * Holds the session's GET stream open, passing its notifications on and answering its
     * requests ({@code ping}), until the server ends it.
     *
     * @throws McpClientException when it broke or was stopped; {@link Kind#HTTP_STATUS} when refused
     *                            (405: the server offers none); {@link Kind#TRANSPORT} when the
     *                            session was gone (a new one is initialized first, for the next try)
     */
    void stream(CallControl control, Runnable opened, Consumer<Notification> notifications) {
        Session s = session;
        Map<String, String> headers = headers(s);
        headers.put("Accept", "text/event-stream");
        int status = exchanger.stream(headers, control, opened, new StreamHandler() {
            @Override
            public void notification(Notification n) {
                notifications.accept(n);
            }

            @Override
            public void request(Request r) {
                answer(r, s, control);
            }
        });
        if (status / 100 == 2) {
            return;
        }
        if (status == 404 && s.id() != null) {
            reinitialize(s, control);
            throw new McpClientException(Kind.TRANSPORT, "The session " + s.id() + " at " + exchanger.endpoint()
                    + " is gone (HTTP 404); a new one was initialized", 404, null);
        }
        throw new McpClientException(Kind.HTTP_STATUS, "The server at " + exchanger.endpoint()
                + " refused the session's GET stream with HTTP " + status
                + (status == 405 ? " (it offers none, so it cannot send list changes or resource updates)" : ""),
                status, null);
    }

    private Session handshake(CallControl control) {
        InitializeRequest init = new InitializeRequest(requestedVersion, settings.capabilities(), settings.clientInfo(), null);
        Request request = new Request(ids.next(), Methods.INITIALIZE, Codec.encode(init));
        Map<String, String> headers = new LinkedHashMap<>(settings.headers());
        headers.put("Accept", "application/json, text/event-stream");
        PostResult posted = exchanger.post(request, headers, control, IGNORE);
        InitializeResult result = Results.decode(Methods.INITIALIZE,
                Results.of(Methods.INITIALIZE, posted, exchanger.endpoint()), InitializeResult.class, exchanger.endpoint());
        Session s = new Session(posted.sessionId(), result.protocolVersion(), result);
        if (!ProtocolVersion.SESSION_ERA.contains(result.protocolVersion())) {
            end(s, control);
            throw new McpClientException(Kind.INVALID_RESPONSE, "The server at " + exchanger.endpoint()
                    + " chose protocol version " + result.protocolVersion() + ", which this client does not speak ("
                    + ProtocolVersion.V2026_07_28 + ", " + String.join(", ", ProtocolVersion.SESSION_ERA) + ")");
        }
        int status = exchanger.send(new Notification(Methods.NOTIFICATION_INITIALIZED, null), headers(s), control);
        if (status / 100 != 2) {
            throw new McpClientException(Kind.HTTP_STATUS, "The server at " + exchanger.endpoint()
                    + " refused notifications/initialized with HTTP " + status, status, null);
        }
        return s;
    }

    /** Starts speaking on {@code s}, made here or adopted from the store. */
    private void begin(Session s, CallControl control) {
        sessionLevel = null;
        openStream(s, control);
    }

    /** Replaces the session's GET stream, when asked for and the channel has one (HTTP). */
    private void openStream(Session s, CallControl control) {
        if (stream != null) {
            stream.close();
            stream = null;
        }
        if (!settings.sessionStream() || !(exchanger instanceof Exchanger http)) {
            return;
        }
        stream = new SessionStream(http, headers(s), settings.answers(), timer, settings.timeout());
        long left = Math.min(control.timeout().toMillis(), 10_000);
        int status = stream.start(Duration.ofMillis(left));
        LOG.log(System.Logger.Level.DEBUG, "session stream at " + exchanger.endpoint() + ": HTTP " + status);
    }

    private Session reinitialize(Session failed, CallControl control) {
        lock.lock();
        try {
            if (session == failed) {
                Session next = store == null ? handshake(control) : store.replace(failed, () -> handshake(control));
                begin(next, control);
                session = next;
            }
            return session;
        } finally {
            lock.unlock();
        }
    }

    /** Session-era logging is per session: set the level when this call wants another one. */
    private void setLevel(Call call, Session s) {
        LoggingLevel level = call.options().logLevel();
        if (s.init().capabilities().logging() == null || level == (store == null ? sessionLevel : store.level(s))) {
            return;
        }
        request(new Call(Methods.LOGGING_SET_LEVEL, dev.switchboard.client.CallOptions.DEFAULT, call.control(), null),
                JsonObject.of("level", Json.of(level.wire())));
        if (store == null) {
            sessionLevel = level;
        } else {
            store.level(session, level); // the session it went to, a new one if the old was gone
        }
    }

    private JsonObject legacyParams(JsonObject params, Call call) {
        if (call.progressToken() == null) {
            return params;
        }
        return params.with("_meta", JsonObject.builder().putAll(params.getObject("_meta"))
                .put(MetaKeys.PROGRESS_TOKEN, call.progressToken()).build());
    }

    private Map<String, String> headers(Session s) {
        Map<String, String> h = new LinkedHashMap<>(settings.headers());
        h.put("Accept", "application/json, text/event-stream");
        if (s.id() != null) {
            h.put(Exchanger.SESSION_HEADER, s.id());
        }
        if (!ProtocolVersion.V2025_03_26.equals(s.protocolVersion())) {
            h.put("MCP-Protocol-Version", s.protocolVersion()); // the header arrived in 2025-06-18
        }
        return h;
    }

    /** Answers a server-to-client request with a separate POST on the session. */
    /**
     * Answers a server request that arrived on a call's stream on a thread of its own, so the
     * stream goes on being read: a server may send several requests at once and wait for all of
     * their answers (the thread inherits the caller's inheritable thread-locals).
     */
    private void answerAside(Request request, Session s, CallControl control) {
        Thread.ofVirtual().name("mcp-answer-" + request.method()).start(() -> answer(request, s, control));
    }

    private void answer(Request request, Session s, CallControl control) {
        Response response = settings.answers().answer(request, control);
        int status = exchanger.send(response, headers(s), control);
        if (status / 100 != 2) {
            LOG.log(System.Logger.Level.WARNING, "the server refused the answer to " + request.method() + " with HTTP " + status);
        }
    }

    /** Tells the server to stop working on a request the client gave up on. */
    private void cancelled(Request request, Session s, Kind why) {
        try (CallControl housekeeping = new CallControl(timer, HOUSEKEEPING, null, Methods.NOTIFICATION_CANCELLED,
                exchanger.endpoint())) {
            CancelledNotification n = CancelledNotification.of(request.id(), why == Kind.TIMEOUT ? "timeout" : "cancelled");
            exchanger.send(new Notification(Methods.NOTIFICATION_CANCELLED, Codec.encode(n)), headers(s), housekeeping);
        } catch (McpClientException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send notifications/cancelled: " + e.getMessage());
        }
    }

    @Override
    public void close(CallControl control) {
        lock.lock();
        try {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        } finally {
            lock.unlock();
        }
        Session s = session;
        if (s != null && store == null) { // a stored session is shared: it outlives this client
            end(s, control);
        }
    }

    private void end(Session s, CallControl control) {
        if (s.id() == null) {
            return;
        }
        try {
            exchanger.delete(headers(s), control);
        } catch (McpClientException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not end session: " + e.getMessage());
        }
    }

    private static final StreamHandler IGNORE = new StreamHandler() {
        @Override
        public void notification(Notification notification) {
        }

        @Override
        public void request(Request request) {
        }
    };
}
