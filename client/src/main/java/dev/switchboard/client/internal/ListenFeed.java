package dev.switchboard.client.internal;

import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;

/**
 * One attempt at a stream of change notifications, in whatever form the era has it: a
 * {@code subscriptions/listen} request ({@link ModernListenFeed}) or the session's GET stream
 * ({@link SessionStreamFeed}). {@link ListenLoop} runs attempts until it is closed.
 */
interface ListenFeed {
    /** Receives what an attempt delivers, on the attempt's thread. */
    interface Sink {
        /** The stream is open: the server acknowledged it and will deliver {@code honoured}. */
        void opened(SubscriptionFilter honoured);

        /** A notification the stream carried. */
        void notification(Notification notification);
    }

    /**
     * Opens the stream and blocks while it lasts. The deadline of {@code control} bounds the
     * opening; the sink lifts it once open.
     *
     * @throws dev.switchboard.client.McpClientException when it could not be opened, broke or was stopped;
     *                                                   returns normally only when the server ended it
     */
    void run(CallControl control, Sink sink);
}
