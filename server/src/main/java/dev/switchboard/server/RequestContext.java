package dev.switchboard.server;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.logging.LoggingLevel;

/**
 * Everything about one request that is not its params: who asks, with which protocol version and
 * capabilities, and the request-scoped channels for progress and logging. One per request; used
 * from the handler's thread.
 */
public interface RequestContext {

    /** The JSON-RPC id of the request. */
    RequestId requestId();

    /** The method called. */
    String method();

    /** The protocol revision of this request. */
    String protocolVersion();

    /**
     * The address the request came from, as the transport saw it: on HTTP the peer's IP (behind a
     * proxy, the proxy's); empty when unknown (stdio, a task's work running later).
     */
    default String clientAddress() {
        return "";
    }

    /** The capabilities the client declared for this request. */
    ClientCapabilities clientCapabilities();

    /** The client's self-reported implementation, or null; never a basis for security. */
    Implementation clientInfo();

    /** Who the request comes from ({@link Principal#ANONYMOUS} without an authenticator). */
    Principal principal();

    /** The request's {@code _meta}, for keys the runtime does not interpret. */
    JsonObject meta();

    /** The cancellation signal of this request. */
    Cancellation cancellation();

    /**
     * Reports progress. Sent only when the request carried a {@code progressToken}; a value not
     * greater than the last one is dropped (progress must strictly increase).
     */
    void progress(double progress, Double total, String message);

    /**
     * Logs to the client on this request's stream, only when the request asked for logs with
     * {@code io.modelcontextprotocol/logLevel} and {@code level} is at or above it.
     */
    void log(LoggingLevel level, String logger, Json data);

    /**
     * The lowest level the client asked to be logged at, or null when it asked for no logs; what a
     * handler passes on when it forwards the request (the gateway does).
     */
    LoggingLevel logLevel();

    /** True when a message at {@code level} would be sent. */
    boolean isLoggable(LoggingLevel level);
}
