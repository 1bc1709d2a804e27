package dev.switchboard.client;

import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;

/**
 * Receives what a {@link Subscription} delivers ({@link McpClient#listen}). Every method has an
 * empty default, so implement only what you need; a kind the protocol adds later arrives in
 * {@link #onOtherNotification} until this interface grows a method for it (callbacks rather than a
 * sealed type, so that growth breaks no one's exhaustive switch).
 *
 * <p>Called on the subscription's own thread, one call at a time, in arrival order. The client's
 * result cache ({@link McpClient.Builder#cache(boolean)}) is already invalidated when a callback
 * runs, so fetching the changed list from inside it gets the new one. An exception thrown here is
 * logged and does not end the subscription.
 */
public interface ListenListener {
    /** {@code notifications/tools/list_changed}: fetch the tool list again. */
    default void onToolsListChanged(ListChangedNotification notification) {
    }

    /** {@code notifications/prompts/list_changed}: fetch the prompt list again. */
    default void onPromptsListChanged(ListChangedNotification notification) {
    }

    /** {@code notifications/resources/list_changed}: fetch the resource (and template) lists again. */
    default void onResourcesListChanged(ListChangedNotification notification) {
    }

    /** {@code notifications/resources/updated}: the resource {@code notification.uri()} changed; read it again. */
    default void onResourceUpdated(ResourceUpdatedNotification notification) {
    }

    /**
     * Any other notification the stream carried, e.g. the Tasks extension's
     * {@code notifications/tasks}, or a kind newer than this client. Never progress or log
     * messages of calls, which go to their {@link CallOptions} listeners.
     */
    default void onOtherNotification(Notification notification) {
    }

    /**
     * The stream broke (or the server ended it); the client is reconnecting with backoff. Changes
     * made from now until {@link #onReconnected} are not reported.
     *
     * @param cause why, e.g. {@link McpClientException.Kind#TRANSPORT}
     */
    default void onDisconnected(McpClientException cause) {
    }

    /**
     * The stream is open again after {@link #onDisconnected}. Notifications may have been missed,
     * so the client has dropped every cached result; re-fetch whatever you keep.
     *
     * @param honoured what the server now agrees to deliver
     */
    default void onReconnected(SubscriptionFilter honoured) {
    }

    /**
     * The subscription ended for good; nothing is called after this.
     *
     * @param cause null when {@link Subscription#close()} or {@link McpClient#close()} ended it;
     *              otherwise a failure that retrying cannot fix (e.g. the server refused the
     *              subscription with a JSON-RPC error, 401, or a stdio server exited)
     */
    default void onClosed(McpClientException cause) {
    }
}
