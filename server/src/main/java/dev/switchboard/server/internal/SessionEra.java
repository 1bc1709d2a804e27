package dev.switchboard.server.internal;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.Fields;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.lifecycle.InitializeRequest;
import dev.switchboard.protocol.lifecycle.InitializeResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.server.Cancellation;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.session.Initialized;
import dev.switchboard.server.session.Session;
import dev.switchboard.server.session.StreamBusyException;
import dev.switchboard.server.session.Sessions;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.kv.KeyValue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What only the session era has: the {@code initialize} handshake, the session-scoped settings
 * ({@code logging/setLevel}, resource subscriptions, kept in {@link KeyValue} under the session's
 * nonce with the session's lifetime), cancellation by {@code notifications/cancelled} across
 * instances, and the GET stream. Nothing here is kept per session in this instance's memory
 * beyond the requests and streams it is serving right now.
 */
public final class SessionEra implements AutoCloseable {
    private static final String CANCEL_TOPIC = "mcp.session.cancel";
    private static final Duration STREAM_LEASE = Duration.ofSeconds(30);

    private final Sessions sessions;
    private final KeyValue kv;
    private final EventBus bus;
    private final Duration lifetime;
    private static final long LEVEL_CACHE_MILLIS = 2_000;
    private static final long LEVEL_CACHE_NANOS = LEVEL_CACHE_MILLIS * 1_000_000;
    private static final int LEVEL_CACHE_ENTRIES = 10_000;

    private final Map<String, CancellationSignal> inFlight = new ConcurrentHashMap<>();
    private final Map<String, CachedLevel> levels = new ConcurrentHashMap<>();
    private final EventBus.Subscription cancelSubscription;

    /** The session era over shared state. */
    public SessionEra(Sessions sessions, KeyValue kv, EventBus bus, Duration lifetime) {
        this.sessions = sessions;
        this.kv = kv;
        this.bus = bus;
        this.lifetime = lifetime;
        this.cancelSubscription = bus.subscribe(CANCEL_TOPIC, e -> {
            CancellationSignal s = inFlight.get(e.getString("k"));
            if (s != null) {
                s.cancel();
            }
        });
    }

    /** The sessions (mint, resume, terminate). */
    public Sessions sessions() {
        return sessions;
    }

    /** The version to answer an {@code initialize} asking for {@code requested}. */
    public static String negotiate(String requested) {
        return ProtocolVersion.SESSION_ERA.contains(requested) ? requested : ProtocolVersion.SESSION_ERA.getFirst();
    }

    /** Performs the handshake. */
    public Initialized initialize(JsonObject params, String principal, Implementation info, String instructions,
                             ServerCapabilities modern) {
        InitializeRequest req = Codec.decode(params, InitializeRequest.class);
        String version = negotiate(req.protocolVersion());
        Session session = sessions.open(version, req.capabilities(), req.clientInfo(), principal);
        // the session era has no "extensions" capability; everything else is the same server
        ServerCapabilities caps = new ServerCapabilities(modern.tools(), modern.prompts(), modern.resources(),
                modern.logging(), modern.completions(), null, modern.experimental());
        JsonObject result = Codec.encodeSessionEra(new InitializeResult(version, caps, info, instructions, null));
        return new Initialized(session, result);
    }

    /** Answers the methods that only exist with a session; null when {@code method} is not one. */
    public JsonObject sessionMethod(String method, JsonObject params, Session session) {
        switch (method) {
            case Methods.PING -> {
                return JsonObject.EMPTY;
            }
            case Methods.LOGGING_SET_LEVEL -> {
                String level = Fields.of(params, "params").string("level");
                if (LoggingLevel.fromWire(level) == null) {
                    throw McpException.invalidParams("params.level must be one of debug, info, notice, warning, error, "
                            + "critical, alert, emergency; got \"" + level + "\"");
                }
                kv.put(key(session, "level"), JsonObject.of("level", Json.of(level)), lifetime);
                levels.put(key(session, "level"), new CachedLevel(LoggingLevel.fromWire(level), System.nanoTime() + LEVEL_CACHE_NANOS));
                return JsonObject.EMPTY;
            }
            case Methods.RESOURCES_SUBSCRIBE -> {
                kv.addToSet(key(session, "subs"), Fields.of(params, "params").string("uri"), lifetime);
                return JsonObject.EMPTY;
            }
            case Methods.RESOURCES_UNSUBSCRIBE -> {
                kv.removeFromSet(key(session, "subs"), Fields.of(params, "params").string("uri"));
                return JsonObject.EMPTY;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The session's log level; every level when the client never set one. Read through a
     * per-instance cache of {@value #LEVEL_CACHE_MILLIS} ms, which saves a store round trip on
     * most requests: a level set through another instance applies here within that time (a level
     * set through this instance, at once).
     */
    public LoggingLevel logLevel(Session session) {
        String key = key(session, "level");
        long now = System.nanoTime();
        CachedLevel cached = levels.get(key);
        if (cached != null && now - cached.expires() < 0) {
            return cached.level();
        }
        JsonObject v = kv.get(key);
        LoggingLevel level = v == null ? null : LoggingLevel.fromWire(v.getString("level"));
        level = level == null ? LoggingLevel.DEBUG : level;
        if (levels.size() >= LEVEL_CACHE_ENTRIES) {
            levels.clear(); // bounded without bookkeeping: a full cache simply starts over
        }
        levels.put(key, new CachedLevel(level, now + LEVEL_CACHE_NANOS));
        return level;
    }

    private record CachedLevel(LoggingLevel level, long expires) {
    }

    /** Registers a request in flight so {@code notifications/cancelled} can reach it from any instance. */
    public AutoCloseable track(Session session, RequestId id, CancellationSignal signal) {
        String k = session.nonce() + "|" + id;
        inFlight.put(k, signal);
        return () -> inFlight.remove(k, signal);
    }

    /** Cancels {@code id} of {@code session}, wherever it runs. */
    public void cancel(Session session, RequestId id) {
        bus.publish(CANCEL_TOPIC, JsonObject.of("k", Json.of(session.nonce() + "|" + id)));
    }

    /**
     * Serves the session's GET stream until the client leaves: list changes and updates of the
     * resources the session subscribed to, from the same bus that feeds {@code subscriptions/listen}.
     *
     * @throws StreamBusyException when the session has a live stream elsewhere
     */
    public void stream(Session session, ServerCapabilities caps, EventSink sink, Cancellation cancellation) {
        String lease = key(session, "stream");
        String owner = UUID.randomUUID().toString();
        if (kv.get(lease) != null) {
            throw new StreamBusyException();
        }
        kv.put(lease, JsonObject.of("o", Json.of(owner)), STREAM_LEASE);
        BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>(10_000);
        AtomicBoolean gap = new AtomicBoolean();
        try (EventBus.Subscription ignored = bus.subscribe(ListenHub.TOPIC, e -> {
            if (!queue.offer(e)) {
                queue.clear();
            }
        }, () -> {
            gap.set(true); // changes may have been missed: end the stream, the client reconnects and re-fetches
            queue.offer(JsonObject.EMPTY);
        })) {
            cancellation.onCancel(() -> queue.offer(JsonObject.EMPTY));
            long renewed = System.nanoTime();
            while (!cancellation.isCancelled() && sink.isOpen() && !gap.get()) {
                JsonObject event;
                try {
                    event = queue.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (System.nanoTime() - renewed > TimeUnit.SECONDS.toNanos(10)) {
                    kv.put(lease, JsonObject.of("o", Json.of(owner)), STREAM_LEASE);
                    renewed = System.nanoTime();
                }
                Notification n = event == null ? null : toNotification(event, session, caps);
                if (n != null && !sink.send(n)) {
                    break;
                }
            }
        } finally {
            JsonObject now = kv.get(lease);
            if (now != null && owner.equals(now.getString("o"))) {
                kv.delete(lease);
            }
        }
        throw new CancellationException("GET stream closed");
    }

    private Notification toNotification(JsonObject event, Session session, ServerCapabilities caps) {
        String kind = event.getString("kind");
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case "tools" -> caps.tools() != null ? new Notification(Methods.NOTIFICATION_TOOLS_LIST_CHANGED, null) : null;
            case "prompts" -> caps.prompts() != null ? new Notification(Methods.NOTIFICATION_PROMPTS_LIST_CHANGED, null) : null;
            case "resources" -> caps.resources() != null
                    ? new Notification(Methods.NOTIFICATION_RESOURCES_LIST_CHANGED, null) : null;
            case "resource" -> {
                String uri = event.getString("uri");
                Set<String> subs = kv.members(key(session, "subs"));
                yield uri != null && subs.contains(uri)
                        ? new Notification(Methods.NOTIFICATION_RESOURCES_UPDATED, JsonObject.of("uri", Json.of(uri))) : null;
            }
            default -> null;
        };
    }

    private static String key(Session session, String what) {
        return "session:" + session.nonce() + ":" + what;
    }

    @Override
    public void close() {
        cancelSubscription.close();
    }
}
