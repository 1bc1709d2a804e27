package dev.switchboard.client.internal;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.logging.LoggingMessageNotification;
import dev.switchboard.protocol.notifications.ProgressNotification;

import java.util.function.Consumer;

/**
 * Delivers what arrives on one call's stream: progress with the call's token to its progress
 * listener, log messages to its log listener, and server requests to {@code requests} (the
 * session era's answerer; on 2026-07-28, where servers must not send requests, they are dropped
 * with a warning). Listener failures are logged, not propagated: a listener bug must not lose
 * the call's result.
 */
final class CallEvents implements StreamHandler {
    private static final System.Logger LOG = System.getLogger(CallEvents.class.getName());

    private final Call call;
    private final Consumer<Request> requests;

    CallEvents(Call call, Consumer<Request> requests) {
        this.call = call;
        this.requests = requests;
    }

    @Override
    public void notification(Notification n) {
        try {
            switch (n.method()) {
                case Methods.NOTIFICATION_PROGRESS -> {
                    if (call.progressToken() != null) {
                        ProgressNotification p = Codec.decodeParams(n, ProgressNotification.class);
                        if (call.progressToken().equals(p.progressToken())) {
                            call.options().progress().onProgress(p);
                        }
                    }
                }
                case Methods.NOTIFICATION_MESSAGE -> {
                    if (call.options().log() != null) {
                        call.options().log().onLog(Codec.decodeParams(n, LoggingMessageNotification.class));
                    }
                }
                default -> LOG.log(System.Logger.Level.DEBUG, "ignoring " + n.method() + " on the stream of "
                        + call.method());
            }
        } catch (McpException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a malformed " + n.method() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a listener for " + n.method() + " failed", e);
        }
    }

    /** Session-era streams (whose server requests are answered) may be resumed. */
    @Override
    public boolean resumable() {
        return requests != null;
    }

    @Override
    public void request(Request r) {
        if (requests == null) {
            LOG.log(System.Logger.Level.WARNING, "ignoring server request " + r.method() + " on the stream of "
                    + call.method() + ": MCP 2026-07-28 servers ask for input with input_required results");
            return;
        }
        requests.accept(r);
    }
}
