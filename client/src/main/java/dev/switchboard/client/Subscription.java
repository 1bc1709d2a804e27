package dev.switchboard.client;

import dev.switchboard.protocol.subscriptions.SubscriptionFilter;

/**
 * An open {@link McpClient#listen} subscription: a server stream of change notifications that
 * the client keeps open, reconnecting with backoff when it breaks, until closed. Thread-safe.
 */
public interface Subscription extends AutoCloseable {
    /**
     * What the server agreed to deliver, as of the last (re)connection: the subset of the request
     * it honours (2026-07-28 acknowledgement), or in the session era what its capabilities allow.
     */
    SubscriptionFilter honoured();

    /** True while the stream is open; false while reconnecting and once closed. */
    boolean isConnected();

    /**
     * Stops listening: closes the stream (on stdio, sends {@code notifications/cancelled}), stops
     * reconnecting and waits briefly for the subscription's thread to end. Idempotent.
     */
    @Override
    void close();
}
