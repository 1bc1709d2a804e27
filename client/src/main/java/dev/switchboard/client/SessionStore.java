package dev.switchboard.client;

import dev.switchboard.protocol.lifecycle.InitializeResult;
import dev.switchboard.protocol.logging.LoggingLevel;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a session-era HTTP client keeps its session, so that several clients (in several
 * processes) speak on one session of a server instead of one each ({@link McpClient.Builder#sessionStore}).
 * A client with a store adopts the session it gives instead of initializing, reports a session the
 * server forgot (HTTP 404) through {@link #replace}, keeps the session's logging level here, and
 * does not end the session when closed (others may still use it). 2026-07-28 has no session and
 * never calls it.
 *
 * <p>Implementations must be thread-safe. {@code initialize} performs the handshake and may throw
 * {@link McpClientException}, which must propagate.
 */
public interface SessionStore {

    /**
     * A session as negotiated: all a client needs to speak on it without initializing.
     *
     * @param id              its {@code Mcp-Session-Id} (null when the server issues none)
     * @param protocolVersion the negotiated revision
     * @param init            the server's {@code initialize} result
     */
    record Session(String id, String protocolVersion, InitializeResult init) {
        /** Checks the required parts. */
        public Session {
            Objects.requireNonNull(protocolVersion, "protocolVersion");
            Objects.requireNonNull(init, "init");
        }
    }

    /** The session to speak on: the stored one, or one made by {@code initialize} (and stored). */
    Session open(Supplier<Session> initialize);

    /**
     * The server answered 404 on {@code gone}: the session to speak on now, either one another
     * client already made in its place or a new one made by {@code initialize}.
     */
    Session replace(Session gone, Supplier<Session> initialize);

    /** The logging level last set on {@code session} by any client sharing it, or null. */
    LoggingLevel level(Session session);

    /** Notes that {@code level} was set on {@code session} ({@code logging/setLevel}). */
    void level(Session session, LoggingLevel level);
}
