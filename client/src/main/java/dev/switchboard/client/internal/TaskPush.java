package dev.switchboard.client.internal;

import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.ListenListener;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.Subscription;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.tasks.TasksExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Push for the tasks a client watches (Tasks extension, brief §5.4 "Push"): one
 * {@code subscriptions/listen} stream per client whose {@code notifications.taskIds} are the
 * watched tasks; each {@code notifications/tasks} on it wakes the watches of its task.
 *
 * <p>A listen's filter cannot change, so a task the stream does not cover needs a new stream (for
 * every watched task), and the old one is closed only once the new one is acknowledged, so that no
 * change falls between them. One thread does the re-listening: a burst of new watches costs one or
 * two streams, not one each. A task no longer watched stays in the stream until the next one, and
 * the stream is closed when nothing is watched. Changes before an acknowledgement were not pushed,
 * so the tasks a stream newly covers are signalled once it is acknowledged (their waits poll at
 * once), and every covered one when it breaks or reconnects.
 *
 * <p>Push is given up for the client's life (its waits just poll) with a session-era server, one
 * whose capabilities lack the extension, one that refuses the stream or acknowledges it without
 * the task ids, and when the stream ends for a reason retrying cannot fix. A transient failure to
 * open it is retried after a backoff delay while tasks are watched.
 */
final class TaskPush {
    private static final System.Logger LOG = System.getLogger(TaskPush.class.getName());

    private final Listens listens;
    private final Supplier<Connection> connection;
    private final Backoff backoff;
    private final Consumer<String> signal;
    /** Task id to the number of its watches. */
    private final Map<String, Integer> watched = new HashMap<>(); // guarded by this
    private Stream current; // guarded by this
    private boolean relistening; // guarded by this
    private boolean off; // guarded by this
    private boolean closed; // guarded by this

    /**
     * Push over the streams of {@code listens}, on the client's negotiated {@code connection},
     * waiting {@code backoff} after a failed opening, reporting each changed task to {@code signal}.
     */
    TaskPush(Listens listens, Supplier<Connection> connection, Backoff backoff, Consumer<String> signal) {
        this.listens = listens;
        this.connection = connection;
        this.backoff = backoff;
        this.signal = signal;
    }

    synchronized void add(String taskId) {
        watched.merge(taskId, 1, Integer::sum);
        relistenIfNeeded();
    }

    synchronized void remove(String taskId) {
        watched.computeIfPresent(taskId, (id, n) -> n == 1 ? null : n - 1);
        relistenIfNeeded(); // closes the stream when nothing is watched
    }

    /** True while an open stream carries the changes of {@code taskId}. */
    synchronized boolean covers(String taskId) {
        return current != null && current.taskIds.contains(taskId) && current.subscription.isConnected();
    }

    /** Closes the stream and opens no other. */
    void close() {
        Stream s;
        synchronized (this) {
            closed = true;
            s = current;
            current = null;
            notifyAll(); // a backoff wait ends
        }
        if (s != null) {
            s.subscription.close();
        }
    }

    private void relistenIfNeeded() { // guarded by this
        if (!relistening && !off && !closed && !settled()) {
            relistening = true;
            Thread.ofVirtual().name("mcp-client-task-push").start(this::relisten);
        }
    }

    /** True when the stream is as it should be: none when nothing is watched, else one covering every watched task. */
    private boolean settled() { // guarded by this
        return watched.isEmpty() ? current == null : current != null && current.taskIds.containsAll(watched.keySet());
    }

    /** Opens streams until one matches what is watched (or push is given up), then ends. */
    private void relisten() {
        int failures = 0;
        while (true) {
            Set<String> wanted;
            Stream stale = null;
            synchronized (this) {
                if (off || closed || watched.isEmpty()) {
                    stale = current;
                    current = null;
                }
                if (off || closed || settled()) {
                    relistening = false;
                }
                wanted = relistening ? Set.copyOf(watched.keySet()) : null;
            }
            if (wanted == null) {
                if (stale != null) {
                    stale.subscription.close();
                }
                return;
            }
            McpClientException failure = open(wanted);
            if (failure == null) {
                failures = 0;
            } else if (retryable(failure)) {
                LOG.log(System.Logger.Level.DEBUG, () -> "opening the task push stream failed, retrying: " + failure.getMessage());
                long delay = backoff.delayNanos(failures++);
                synchronized (this) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, delay);
                    } catch (InterruptedException e) {
                        relistening = false; // nobody interrupts this thread but a JVM shutting down
                        return;
                    }
                }
            } else {
                giveUp("the server did not open it: " + failure.getMessage());
            }
        }
    }

    /** Opens a stream for {@code wanted} and makes it current; returns the failure instead, or null. */
    private McpClientException open(Set<String> wanted) {
        Stream stream = new Stream(wanted);
        Subscription sub;
        try {
            Connection c = connection.get();
            ServerCapabilities caps = c.serverCapabilities();
            if (!c.isModern()) {
                giveUp("the session era has no subscriptions/listen");
                return null;
            }
            if (caps != null && !caps.hasExtension(TasksExtension.ID)) {
                giveUp("the server does not declare the Tasks extension");
                return null;
            }
            sub = listens.listenForTasks(c, List.copyOf(wanted), TaskSignals.wrap(stream, signal));
        } catch (McpClientException e) {
            return e;
        }
        if (!sub.honoured().taskIdsOrEmpty().containsAll(wanted)) {
            sub.close();
            giveUp("the server acknowledged the stream without the task ids, so it does not push them");
            return null;
        }
        Stream old = null;
        boolean kept;
        synchronized (this) {
            stream.subscription = sub;
            kept = !closed && !stream.ended;
            if (kept) {
                old = current;
                current = stream;
            }
        }
        if (!kept) {
            sub.close();
            return null;
        }
        for (String id : wanted) {
            if (old == null || !old.taskIds.contains(id)) {
                signal.accept(id); // a change before the acknowledgement was not pushed: poll once
            }
        }
        if (old != null) {
            old.subscription.close(); // only now: the new stream already carries every change
        }
        return null;
    }

    private void giveUp(String why) {
        LOG.log(System.Logger.Level.DEBUG, () -> "no task push, waits poll: " + why);
        synchronized (this) {
            off = true;
        }
    }

    /** True for failures that may pass: the transport, a timeout, an overloaded or failing server. */
    private static boolean retryable(McpClientException e) {
        int status = e.httpStatus();
        return switch (e.kind()) {
            case TRANSPORT, TIMEOUT -> true;
            case HTTP_STATUS -> status >= 500 || status == 408 || status == 425 || status == 429;
            case ERROR_RESPONSE -> e instanceof ErrorResponseException r && (r.code() == ErrorCode.RATE_LIMITED
                    || r.code() == ErrorCode.UNAVAILABLE || r.code() == ErrorCode.INTERNAL_ERROR);
            default -> false;
        };
    }

    /** One stream and the tasks it covers; hears its own breaks and ending. */
    private final class Stream implements ListenListener {
        private final Set<String> taskIds;
        private Subscription subscription; // guarded by TaskPush.this; set once acknowledged
        private boolean ended; // guarded by TaskPush.this

        Stream(Set<String> taskIds) {
            this.taskIds = taskIds;
        }

        @Override
        public void onDisconnected(McpClientException cause) {
            taskIds.forEach(signal); // waits relying on push poll sooner again
        }

        @Override
        public void onReconnected(SubscriptionFilter honoured) {
            taskIds.forEach(signal); // changes while it was down were not pushed
        }

        @Override
        public void onClosed(McpClientException cause) {
            if (cause == null) {
                return; // closed by us or the client
            }
            synchronized (TaskPush.this) {
                ended = true;
                if (current == this) {
                    current = null;
                }
            }
            giveUp("the stream ended: " + cause.getMessage());
            taskIds.forEach(signal);
        }
    }
}
