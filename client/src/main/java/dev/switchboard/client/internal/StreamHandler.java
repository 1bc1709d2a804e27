package dev.switchboard.client.internal;

import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;

/** Receives what arrives on a call's event stream before its response. Called on the calling thread. */
public interface StreamHandler {
    /** A notification about the call (progress, log). */
    void notification(Notification notification);

    /** A server-to-client request (session era only). */
    void request(Request request);

    /**
     * True when the stream may be resumed with GET and {@code Last-Event-ID} if it ends before
     * the response (the session era, SEP-1699).
     */
    default boolean resumable() {
        return false;
    }
}
