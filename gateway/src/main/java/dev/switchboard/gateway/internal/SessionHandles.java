package dev.switchboard.gateway.internal;

import dev.switchboard.client.McpClientException;
import dev.switchboard.client.SessionStore;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.InitializeResult;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.state.kv.KeyValue;
import dev.switchboard.state.seal.Sealer;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A session-era upstream's session in the deployment's {@link KeyValue}, so that every gateway
 * instance speaks on one session (per upstream configuration and declared capabilities) instead
 * of one each. Under its key is nothing, {@code {"pending": instance}} while one instance
 * initializes (claimed with put-if-absent, so of N instances starting together one initializes
 * and the others wait and adopt), or {@code {"h": handle}}: the session id, revision and
 * {@code initialize} result sealed with the deployment's key ring (purpose {@value #PURPOSE},
 * bound to the key). On a 404 the instance that sees it claims the key with compare-and-set from
 * the stale handle, so exactly one initializes again; the others find a handle that is not the
 * stale one and adopt it. A handle that does not open (another key ring) counts as stale.
 *
 * <p>When the store fails, the instance initializes a session of its own rather than fail the
 * call (logged); it is shared again once a 404 or a new connection brings it back to the store.
 */
final class SessionHandles implements SessionStore {
    private static final System.Logger LOG = System.getLogger(SessionHandles.class.getName());
    static final String PURPOSE = "gateway/upstream-session";
    /** How long an unused handle is kept: sessions idle longer are likely gone upstream anyway. */
    private static final Duration HANDLE_TTL = Duration.ofDays(1);
    private static final long POLL_MS = 20;

    private final KeyValue kv;
    private final Sealer sealer;
    private final String key;
    private final String instance;
    private final Duration handshake;

    /**
     * @param key       the key of this upstream session (upstream, configuration, capabilities)
     * @param instance  this gateway instance, named in the pending claim
     * @param handshake how long one {@code initialize} may take: the claim's time to live, and
     *                  how long an instance waits for another's
     */
    SessionHandles(KeyValue kv, Sealer sealer, String key, String instance, Duration handshake) {
        this.kv = kv;
        this.sealer = sealer;
        this.key = key;
        this.instance = instance;
        this.handshake = handshake;
    }

    @Override
    public Session open(Supplier<Session> initialize) {
        return settle(null, initialize);
    }

    @Override
    public Session replace(Session gone, Supplier<Session> initialize) {
        return settle(Objects.requireNonNull(gone, "gone"), initialize);
    }

    /** The stored session unless it is {@code gone}; else the one this instance or another makes now. */
    private Session settle(Session gone, Supplier<Session> initialize) {
        long deadline = System.nanoTime() + handshake.plusSeconds(1).toNanos();
        JsonObject claim = JsonObject.of("pending", Json.of(instance));
        while (true) {
            JsonObject stored;
            boolean claimed;
            try {
                stored = kv.get(key);
                if (stored == null) {
                    claimed = kv.putIfAbsent(key, claim, handshake);
                } else if (stored.getString("h") != null) {
                    Session s = unseal(stored.getString("h"));
                    if (s != null && (gone == null || !same(s, gone))) {
                        return s;
                    }
                    claimed = kv.compareAndSet(key, stored, claim, handshake);
                } else {
                    claimed = false; // another instance is initializing
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the upstream session store is unavailable (" + e.getMessage()
                        + "); this instance opens a session of its own");
                return initialize.get();
            }
            if (claimed) {
                return create(claim, initialize);
            }
            if (stored != null && stored.getString("h") == null) {
                if (System.nanoTime() > deadline) {
                    throw new McpClientException(McpClientException.Kind.TIMEOUT, "another gateway instance ("
                            + stored.getString("pending") + ") has been initializing the upstream session for longer than "
                            + handshake.toMillis() + " ms");
                }
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new McpClientException(McpClientException.Kind.CANCELLED, "interrupted waiting for the upstream session");
                }
            }
        }
    }

    /** Initializes under this instance's claim and stores the handle in its place. */
    private Session create(JsonObject claim, Supplier<Session> initialize) {
        Session s;
        try {
            s = initialize.get();
        } catch (RuntimeException e) {
            try {
                kv.compareAndDelete(key, claim); // let the next instance try at once
            } catch (RuntimeException ignored) {
                // the claim expires by itself
            }
            throw e;
        }
        try {
            JsonObject handle = JsonObject.of("h", Json.of(sealer.seal(PURPOSE, key, HANDLE_TTL, encode(s))));
            if (!kv.compareAndSet(key, claim, handle, HANDLE_TTL)) {
                LOG.log(System.Logger.Level.WARNING, "the upstream session " + key + " took longer to initialize than its claim"
                        + " lasts; this instance speaks on its own session until the next 404");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot store the upstream session " + key + ": " + e.getMessage());
        }
        return s;
    }

    private static boolean same(Session a, Session b) {
        return Objects.equals(a.id(), b.id()) && a.protocolVersion().equals(b.protocolVersion());
    }

    private Session unseal(String handle) {
        try {
            JsonObject o = sealer.open(PURPOSE, key, handle);
            return new Session(o.getString("id"), o.getString("v"), Codec.decode(o.get("init"), InitializeResult.class, "init"));
        } catch (RuntimeException e) { // SealException, or a payload that does not decode
            LOG.log(System.Logger.Level.DEBUG, "the stored upstream session " + key + " does not open (" + e.getMessage()
                    + "); replacing it");
            return null;
        }
    }

    private static JsonObject encode(Session s) {
        JsonObject.Builder b = JsonObject.builder().put("v", s.protocolVersion()).put("init", Codec.encode(s.init()));
        if (s.id() != null) {
            b.put("id", s.id());
        }
        return b.build();
    }

    @Override
    public LoggingLevel level(Session session) {
        try {
            JsonObject o = kv.get(key + ":level");
            return o != null && Objects.equals(o.getString("s"), session.id()) ? LoggingLevel.fromWire(o.getString("l")) : null;
        } catch (RuntimeException e) {
            return null; // unknown: the client sets it again
        }
    }

    @Override
    public void level(Session session, LoggingLevel level) {
        try {
            JsonObject.Builder b = JsonObject.builder().put("l", level.wire());
            if (session.id() != null) {
                b.put("s", session.id());
            }
            kv.put(key + ":level", b.build(), HANDLE_TTL);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot store the upstream session's log level: " + e.getMessage());
        }
    }
}
