package dev.switchboard.client.internal;

import dev.switchboard.client.ListenListener;
import dev.switchboard.client.McpClientException;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;

import java.util.function.Consumer;

/**
 * A listener that, before passing each {@code notifications/tasks} on, tells the client's task
 * waits that the task changed ({@link TaskWaiter#signal}), so a wait polls now instead of at the
 * end of its interval. Everything else is passed on as is.
 */
public final class TaskSignals implements ListenListener {
    private final ListenListener delegate;
    private final Consumer<String> signal;

    private TaskSignals(ListenListener delegate, Consumer<String> signal) {
        this.delegate = delegate;
        this.signal = signal;
    }

    /** {@code listener}, also reporting the task ids of {@code notifications/tasks} to {@code signal}. */
    public static ListenListener wrap(ListenListener listener, Consumer<String> signal) {
        return new TaskSignals(listener, signal);
    }

    @Override
    public void onOtherNotification(Notification notification) {
        if (Methods.NOTIFICATION_TASKS.equals(notification.method()) && notification.params() != null) {
            String taskId = notification.params().getString("taskId");
            if (taskId != null) {
                signal.accept(taskId); // never throws: it only wakes waits
            }
        }
        delegate.onOtherNotification(notification);
    }

    @Override
    public void onToolsListChanged(ListChangedNotification notification) {
        delegate.onToolsListChanged(notification);
    }

    @Override
    public void onPromptsListChanged(ListChangedNotification notification) {
        delegate.onPromptsListChanged(notification);
    }

    @Override
    public void onResourcesListChanged(ListChangedNotification notification) {
        delegate.onResourcesListChanged(notification);
    }

    @Override
    public void onResourceUpdated(ResourceUpdatedNotification notification) {
        delegate.onResourceUpdated(notification);
    }

    @Override
    public void onDisconnected(McpClientException cause) {
        delegate.onDisconnected(cause);
    }

    @Override
    public void onReconnected(SubscriptionFilter honoured) {
        delegate.onReconnected(honoured);
    }

    @Override
    public void onClosed(McpClientException cause) {
        delegate.onClosed(cause);
    }
}
