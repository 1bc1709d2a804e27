package dev.switchboard.server.session;

import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.seal.SealException;
import dev.switchboard.state.seal.Sealer;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * Mints and opens sealed session ids. The server keeps no per-session memory: the id carries the
 * session, and the only shared state is a revocation mark per terminated session (with the
 * session's remaining lifetime as its time to live).
 */
public final class Sessions {
    private static final String PURPOSE = "mcp.session";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Sealer sealer;
    private final Counters counters;
    private final Duration lifetime;

    /** Sessions sealed by {@code sealer}, revoked in {@code counters}, living {@code lifetime}. */
    public Sessions(Sealer sealer, Counters counters, Duration lifetime) {
        this.sealer = sealer;
        this.counters = counters;
        this.lifetime = lifetime;
    }

    /** A new session for {@code principal} at {@code version}. */
    public Session open(String version, ClientCapabilities capabilities, Implementation clientInfo, String principal) {
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
        JsonObject payload = JsonObject.builder()
                .put("n", nonce)
                .put("v", version)
                .put("c", Codec.encode(capabilities))
                .put("i", clientInfo == null ? null : Codec.encode(clientInfo))
                .build();
        String id = sealer.seal(PURPOSE, principal, lifetime, payload);
        return new Session(id, nonce, version, capabilities, clientInfo, principal);
    }

    /**
     * The session behind {@code id}.
     *
     * @throws SessionGoneException when the id is forged, from another key ring, expired, or terminated
     */
    public Session resume(String id, String principal) {
        JsonObject p;
        try {
            p = sealer.open(PURPOSE, principal, id);
        } catch (SealException e) {
            throw new SessionGoneException("session id refused: " + e.getMessage());
        }
        String nonce = p.getString("n");
        if (nonce == null || counters.isMarked(revokedKey(nonce))) {
            throw new SessionGoneException("session was terminated");
        }
        Json info = p.get("i");
        return new Session(id, nonce, p.getString("v"), Codec.decode(p.get("c"), ClientCapabilities.class),
                info == null ? null : Codec.decode(info, Implementation.class), principal);
    }

    /** Terminates {@code session}: every instance refuses its id from now on. */
    public void terminate(Session session) {
        counters.mark(revokedKey(session.nonce()), lifetime);
    }

    private static String revokedKey(String nonce) {
        return "session.revoked:" + nonce;
    }
}
