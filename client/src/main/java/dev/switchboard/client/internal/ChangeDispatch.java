package dev.switchboard.client.internal;

import dev.switchboard.client.ListenListener;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;

/**
 * What a change notification does on arrival: first the result cache forgets what it made stale
 * (a list_changed drops every page of that list, {@code resources/list_changed} the templates
 * too, {@code resources/updated} that resource's read), then the listener hears of it, typed.
 * Listener failures are logged, not propagated: a listener bug must not end the subscription.
 */
final class ChangeDispatch {
    private static final System.Logger LOG = System.getLogger(ChangeDispatch.class.getName());

    private ChangeDispatch() {
    }

    /** Invalidates what {@code n} makes stale in {@code cache} (may be null). */
    static void invalidate(Notification n, ResultCache cache) {
        if (cache == null) {
            return;
        }
        switch (n.method()) {
            case Methods.NOTIFICATION_TOOLS_LIST_CHANGED -> cache.invalidate(Methods.TOOLS_LIST);
            case Methods.NOTIFICATION_PROMPTS_LIST_CHANGED -> cache.invalidate(Methods.PROMPTS_LIST);
            case Methods.NOTIFICATION_RESOURCES_LIST_CHANGED -> {
                cache.invalidate(Methods.RESOURCES_LIST);
                cache.invalidate(Methods.RESOURCES_TEMPLATES_LIST);
            }
            case Methods.NOTIFICATION_RESOURCES_UPDATED -> {
                String uri = n.params() == null ? null : n.params().getString("uri");
                if (uri != null) {
                    cache.invalidate(Methods.RESOURCES_READ, uri);
                }
            }
            default -> {
                // nothing cached depends on it
            }
        }
    }

    /** Calls the listener method for {@code n}; malformed known kinds are logged and skipped. */
    static void deliver(Notification n, ListenListener listener) {
        try {
            switch (n.method()) {
                case Methods.NOTIFICATION_TOOLS_LIST_CHANGED -> listener.onToolsListChanged(listChanged(n));
                case Methods.NOTIFICATION_PROMPTS_LIST_CHANGED -> listener.onPromptsListChanged(listChanged(n));
                case Methods.NOTIFICATION_RESOURCES_LIST_CHANGED -> listener.onResourcesListChanged(listChanged(n));
                case Methods.NOTIFICATION_RESOURCES_UPDATED ->
                        listener.onResourceUpdated(Codec.decodeParams(n, ResourceUpdatedNotification.class));
                default -> listener.onOtherNotification(n);
            }
        } catch (McpException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a malformed " + n.method() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a listener for " + n.method() + " failed", e);
        }
    }

    /** Runs a lifecycle callback of the listener, logging its failure. */
    static void safely(String what, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a listener's " + what + " failed", e);
        }
    }

    private static ListChangedNotification listChanged(Notification n) {
        // session-era servers send these without params
        return n.params() == null ? ListChangedNotification.of() : Codec.decodeParams(n, ListChangedNotification.class);
    }
}
