package dev.switchboard.client.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.subscriptions.SubscriptionsAcknowledged;

/**
 * MCP 2026-07-28: each attempt is a new {@code subscriptions/listen} request (new id, full
 * {@code _meta}, {@code Mcp-Method} header) whose SSE answer is the stream. Its first message must
 * be {@code notifications/subscriptions/acknowledged}, which opens it; the final result, when the
 * server sends one, ends it gracefully. Over stdio the same request works: the channel routes
 * notifications by their {@code subscriptionId}, and stopping sends {@code notifications/cancelled}.
 */
final class ModernListenFeed implements ListenFeed {
    private static final System.Logger LOG = System.getLogger(ModernListenFeed.class.getName());

    private final ModernConnection connection;
    private final JsonObject params;

    /** A feed sending {@code params} (an encoded {@code SubscriptionsListenRequest}) on {@code connection}. */
    ModernListenFeed(ModernConnection connection, JsonObject params) {
        this.connection = connection;
        this.params = params;
    }

    @Override
    public void run(CallControl control, Sink sink) {
        // asking for notifications/tasks needs the Tasks extension declared (else -32021)
        JsonObject filter = params.getObject("notifications");
        Call call = new Call(Methods.SUBSCRIPTIONS_LISTEN, CallOptions.DEFAULT, control, null,
                filter != null && filter.has("taskIds"));
        boolean[] acknowledged = {false};
        PostResult r = connection.exchange(call, params, new StreamHandler() {
            @Override
            public void notification(Notification n) {
                if (Methods.NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED.equals(n.method())) {
                    SubscriptionsAcknowledged ack;
                    try {
                        ack = Codec.decodeParams(n, SubscriptionsAcknowledged.class);
                    } catch (McpException e) {
                        throw new McpClientException(Kind.INVALID_RESPONSE, "Invalid response to "
                                + Methods.SUBSCRIPTIONS_LISTEN + ": " + e.getMessage());
                    }
                    acknowledged[0] = true;
                    sink.opened(ack.notifications());
                } else if (!acknowledged[0]) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring " + n.method()
                            + ", which came before the acknowledgement of " + Methods.SUBSCRIPTIONS_LISTEN);
                } else {
                    sink.notification(n);
                }
            }

            @Override
            public void request(Request request) {
                LOG.log(System.Logger.Level.WARNING, "ignoring server request " + request.method()
                        + " on a listen stream: MCP 2026-07-28 servers send none");
            }
        });
        Results.of(Methods.SUBSCRIPTIONS_LISTEN, r, control.endpoint()); // an error response throws
        if (!acknowledged[0]) {
            throw new McpClientException(Kind.INVALID_RESPONSE, "Invalid response to " + Methods.SUBSCRIPTIONS_LISTEN
                    + ": the server answered without acknowledging the subscription");
        }
    }
}
