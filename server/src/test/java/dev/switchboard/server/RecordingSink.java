package dev.switchboard.server;

import dev.switchboard.protocol.jsonrpc.Notification;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EventSink} that records every notification, in order, for assertions; {@link #next()}
 * waits for the next one (for streams served on another thread). {@link #close()} makes it act like
 * a client that went away.
 */
public final class RecordingSink implements EventSink {
    private final List<Notification> all = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Notification> unread = new LinkedBlockingQueue<>();
    private volatile boolean open = true;

    @Override
    public boolean send(Notification notification) {
        if (!open) {
            return false;
        }
        all.add(notification);
        unread.add(notification);
        return true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** The client goes away: later sends return false. */
    public void close() {
        open = false;
    }

    /** Everything sent so far. */
    public List<Notification> all() {
        return List.copyOf(all);
    }

    /** The methods of everything sent so far. */
    public List<String> methods() {
        return all.stream().map(Notification::method).toList();
    }

    /** The notifications with {@code method}. */
    public List<Notification> named(String method) {
        return all.stream().filter(n -> n.method().equals(method)).toList();
    }

    /** The next notification not yet read through this method; fails after five seconds. */
    public Notification next() throws InterruptedException {
        Notification n = unread.poll(5, TimeUnit.SECONDS);
        if (n == null) {
            throw new AssertionError("no notification within 5 s; got so far: " + methods());
        }
        return n;
    }

    /** True when every notification was read through {@link #next()}. */
    public boolean isExhausted() {
        return unread.isEmpty();
    }
}
