package dev.switchboard.client;

import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes down what a subscription delivers as short strings ({@code tools}, {@code prompts},
 * {@code resources}, {@code updated <uri>}, {@code other <method>}, {@code disconnected <kind>},
 * {@code reconnected}, {@code closed <kind or null>}) that tests take in order, waiting for each.
 */
class RecordingListener implements ListenListener {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    volatile McpClientException disconnectCause;
    volatile McpClientException closeCause;
    volatile Consumer<String> onEvent = e -> { };

    private void add(String event) {
        onEvent.accept(event);
        events.add(event);
    }

    /** The next event, waiting up to 10 s for it. */
    String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within 10 s");
        }
        return e;
    }

    /** Events that arrive within {@code millis}, for checking that nothing (more) comes. */
    List<String> within(long millis) throws InterruptedException {
        List<String> out = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        String e;
        while ((e = events.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
            out.add(e);
        }
        return out;
    }

    /** Skips events until {@code wanted} (e.g. failed reconnections), failing after 10 s. */
    void skipTo(String wanted) throws InterruptedException {
        String e;
        do {
            e = next();
        } while (!e.equals(wanted));
    }

    @Override
    public void onToolsListChanged(ListChangedNotification n) {
        add("tools");
    }

    @Override
    public void onPromptsListChanged(ListChangedNotification n) {
        add("prompts");
    }

    @Override
    public void onResourcesListChanged(ListChangedNotification n) {
        add("resources");
    }

    @Override
    public void onResourceUpdated(ResourceUpdatedNotification n) {
        add("updated " + n.uri());
    }

    @Override
    public void onOtherNotification(Notification n) {
        add("other " + n.method());
    }

    @Override
    public void onDisconnected(McpClientException cause) {
        disconnectCause = cause;
        add("disconnected " + cause.kind());
    }

    @Override
    public void onReconnected(SubscriptionFilter honoured) {
        add("reconnected");
    }

    @Override
    public void onClosed(McpClientException cause) {
        closeCause = cause;
        add("closed " + (cause == null ? null : cause.kind()));
    }
}
