package dev.switchboard.client.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.lifecycle.DiscoverRequest;
import dev.switchboard.protocol.lifecycle.DiscoverResult;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Picks the era once per client and keeps the resulting {@link Connection}.
 *
 * <p>AUTO follows the backward-compatibility rules of the 2026-07-28 transport: probe with
 * {@code server/discover} in the modern envelope; keep the modern era when the server lists
 * 2026-07-28, or answers a 4xx carrying a recognised modern error ({@code -32020},
 * {@code -32021}, {@code -32601}); otherwise (an unrecognised 4xx, a JSON-RPC error with 2xx as
 * session-era servers send, or {@code -32022} without our modern revision) fall back to
 * {@code initialize} with the newest session-era revision the server is known to accept.
 * Transport failures, 401 and 5xx are not era answers: they propagate, and the next call probes
 * again.
 */
public final class Connector {
    private final ClientSettings settings;
    private final Channel exchanger;
    private final ToolHeaders tools;
    private final Ids ids;
    private final Timer timer;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Connection connection;

    /** A connector; nothing is sent until {@link #connect}. */
    public Connector(ClientSettings settings, Channel exchanger, ToolHeaders tools, Ids ids, Timer timer) {
        this.settings = settings;
        this.exchanger = exchanger;
        this.tools = tools;
        this.ids = ids;
        this.timer = timer;
    }

    /** The connection, negotiating it first if needed (under {@code control}'s deadline). */
    public Connection connect(CallControl control) {
        Connection c = connection;
        if (c != null) {
            return c;
        }
        lock.lock();
        try {
            if (connection == null) {
                connection = switch (settings.era()) {
                    case MODERN -> modern();
                    case LEGACY -> legacy(ProtocolVersion.V2025_11_25, control);
                    case AUTO -> probe(control);
                };
            }
            return connection;
        } finally {
            lock.unlock();
        }
    }

    /** The connection if one was negotiated, else null. */
    public Connection current() {
        return connection;
    }

    /** Ends the connection, if any (session era: DELETE). */
    public void close(CallControl control) {
        Connection c = connection;
        if (c != null) {
            c.close(control);
        }
    }

    private ModernConnection modern() {
        return new ModernConnection(exchanger, settings, tools, ids);
    }

    private LegacyConnection legacy(String version, CallControl control) {
        LegacyConnection legacy = new LegacyConnection(exchanger, settings, ids, timer, version);
        legacy.open(control);
        return legacy;
    }

    private Connection probe(CallControl control) {
        ModernConnection modern = modern();
        PostResult r = modern.exchange(new Call(Methods.SERVER_DISCOVER, CallOptions.DEFAULT, control, null),
                Codec.encode(DiscoverRequest.of()));
        if (exchanger.fallsBackOnAnyProbeAnswer()) {
            return stdioProbe(r, modern, control);
        }
        if (r.response() instanceof Response.Success s) {
            DiscoverResult d = Results.decode(Methods.SERVER_DISCOVER, s.result(), DiscoverResult.class, exchanger.endpoint());
            if (d.supportedVersions().contains(ModernConnection.VERSION)) {
                modern.describe(d);
                return modern;
            }
            return legacy(newestSessionEra(d.supportedVersions()), control);
        }
        if (r.response() instanceof Response.Failure f) {
            int code = f.error().code();
            if (code == ErrorCode.UNSUPPORTED_PROTOCOL_VERSION) {
                List<String> supported = supported(f.error().data());
                return supported.contains(ModernConnection.VERSION) ? modern : legacy(newestSessionEra(supported), control);
            }
            boolean clientError = r.status() / 100 == 4;
            if (clientError && (code == ErrorCode.HEADER_MISMATCH || code == ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY
                    || code == ErrorCode.METHOD_NOT_FOUND)) {
                return modern; // a modern server that disliked this request; later ones may fare better
            }
            if (r.status() / 100 == 5) {
                throw Results.failure(Methods.SERVER_DISCOVER, r, exchanger.endpoint());
            }
            return legacy(ProtocolVersion.V2025_11_25, control);
        }
        if (r.status() / 100 == 4) {
            return legacy(ProtocolVersion.V2025_11_25, control);
        }
        throw Results.failure(Methods.SERVER_DISCOVER, r, exchanger.endpoint());
    }

    /**
     * stdio: the fallback is not keyed to any error code. A modern {@code server/discover} result
     * listing our revision keeps the modern era; {@code -32022} naming it does too; anything else
     * (any error, a result that is not a modern one) means {@code initialize}, with the newest
     * session-era revision the answer names.
     */
    private Connection stdioProbe(PostResult r, ModernConnection modern, CallControl control) {
        if (r.response() instanceof Response.Success s) {
            DiscoverResult d;
            try {
                d = Codec.decode(s.result(), DiscoverResult.class, "result");
            } catch (RuntimeException e) {
                return legacy(ProtocolVersion.V2025_11_25, control);
            }
            if (d.supportedVersions() != null && d.supportedVersions().contains(ModernConnection.VERSION)) {
                modern.describe(d);
                return modern;
            }
            return legacy(d.supportedVersions() == null ? ProtocolVersion.V2025_11_25
                    : newestSessionEra(d.supportedVersions()), control);
        }
        if (r.response() instanceof Response.Failure f && f.error().code() == ErrorCode.UNSUPPORTED_PROTOCOL_VERSION) {
            List<String> supported = supported(f.error().data());
            if (supported.contains(ModernConnection.VERSION)) {
                return modern;
            }
            return legacy(newestSessionEra(supported), control);
        }
        return legacy(ProtocolVersion.V2025_11_25, control);
    }

    /** The {@code supported} versions of a {@code -32022} error's data; empty when absent. */
    static List<String> supported(Json data) {
        if (data instanceof JsonObject o && o.get("supported") instanceof JsonArray a) {
            return a.values().stream().map(Json::asString).filter(java.util.Objects::nonNull).toList();
        }
        return List.of();
    }

    /** The newest session-era revision in {@code offered}; 2025-11-25 when it names none. */
    static String newestSessionEra(List<String> offered) {
        for (String v : ProtocolVersion.SESSION_ERA) {
            if (offered.contains(v)) {
                return v;
            }
        }
        return ProtocolVersion.V2025_11_25;
    }
}
