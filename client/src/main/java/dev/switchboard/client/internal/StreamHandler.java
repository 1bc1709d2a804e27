package dev.switchboard.client.internal;

import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;

/** Receives what arrives on a call's event stream before its response. Called on the calling thread. */
public interface StreamHandler {
    /** A notification about the call (progress, log). */
    void notification(Notification notification);

    /** A server-to-client request (session era only). */
    void request(Request request);
}
