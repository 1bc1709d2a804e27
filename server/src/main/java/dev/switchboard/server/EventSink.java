package dev.switchboard.server;

import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;

/**
 * Where a request's notifications go, supplied by the transport. On HTTP the first notification
 * turns the response into an SSE stream; on stdio it is a line on stdout. Thread-safe.
 */
public interface EventSink {

    /**
     * Sends a notification for the request being served.
     *
     * @return false when the stream is closed (the client went away); nothing was sent
     */
    boolean send(Notification notification);

    /**
     * Sends a server-to-client request on this stream (session era only: the answer comes back
     * as a separate POST).
     *
     * @return false when this stream cannot carry requests or is closed; nothing was sent
     */
    default boolean send(Request request) {
        return false;
    }

    /** True while the client can still receive on this stream. */
    boolean isOpen();

    /**
     * The address of the client this stream reaches, as the transport saw it: on HTTP the peer's IP
     * (behind a proxy, the proxy's); empty when the transport has none (stdio).
     */
    default String clientAddress() {
        return "";
    }

    /** A sink that drops everything (for requests that cannot stream). */
    EventSink NONE = new EventSink() {
        @Override
        public boolean send(Notification notification) {
            return false;
        }

        @Override
        public boolean isOpen() {
            return false;
        }
    };
}
