package dev.switchboard.client.internal;

import dev.switchboard.client.TaskWatch;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The tasks a client watches (its task waits, and {@code McpClient.watchTask}): each watch is woken
 * by {@link #signal} when a {@code notifications/tasks} for its task arrives on any stream of the
 * client, and, with push on, the client's {@link TaskPush} stream asks for every watched task from
 * the watch's first wait of at least {@link #PUSH_MIN_WAIT} on. Thread-safe.
 */
public final class TaskWatches implements AutoCloseable {
    /**
     * Shorter waits only poll: the poll comes about as soon as a push could, while a stream costs a
     * request and a listener on the server (and the server notices a stream left by its client only
     * at its next keep-alive write).
     */
    static final Duration PUSH_MIN_WAIT = Duration.ofMillis(10);

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final TaskPush push;
    private volatile boolean closed;

    /**
     * Watches whose tasks the server is asked to push on a stream of {@code listens} (see
     * {@link TaskPush}), on the client's {@code connection}; without push when {@code listens} is null.
     */
    public TaskWatches(Listens listens, Supplier<Connection> connection, Backoff backoff) {
        this.push = listens == null ? null : new TaskPush(listens, connection, backoff, this::signal);
    }

    /** Starts watching {@code taskId} (push is asked for by its first long enough wait); close the watch when done. */
    public Watch watch(String taskId) {
        Watch w = new Watch(taskId);
        watches.add(w);
        if (closed) {
            w.wake();
        }
        return w;
    }

    /** Wakes the watches of {@code taskId} (a {@code notifications/tasks} for it arrived). */
    public void signal(String taskId) {
        for (Watch w : watches) {
            if (w.taskId.equals(taskId)) {
                w.wake();
            }
        }
    }

    /** Closes the push stream and wakes every watch, for good: the client is closing. */
    @Override
    public void close() {
        closed = true;
        if (push != null) {
            push.close();
        }
        watches.forEach(Watch::wake);
    }

    /** One watch; {@link #wake} releases a permit, so a change between two waits is not lost. */
    public final class Watch implements TaskWatch {
        private final String taskId;
        private final Semaphore changed = new Semaphore(0);
        private boolean pushing; // guarded by this
        private boolean done; // guarded by this

        private Watch(String taskId) {
            this.taskId = taskId;
        }

        /** Cuts the current (or next) wait short. */
        public void wake() {
            changed.release();
        }

        @Override
        public boolean awaitChange(Duration timeout) throws InterruptedException {
            return awaitChange(timeout.toNanos());
        }

        /** {@link #awaitChange(Duration)} in nanoseconds. */
        boolean awaitChange(long nanos) throws InterruptedException {
            if (closed) {
                return true;
            }
            if (nanos >= PUSH_MIN_WAIT.toNanos()) {
                askForPush();
            }
            if (changed.tryAcquire(Math.max(0, nanos), TimeUnit.NANOSECONDS)) {
                changed.drainPermits(); // several changes make one early poll
                return true;
            }
            return false;
        }

        @Override
        public boolean pushed() {
            return push != null && push.covers(taskId);
        }

        private synchronized void askForPush() {
            if (push != null && !pushing && !done) {
                pushing = true;
                push.add(taskId);
            }
        }

        @Override
        public synchronized void close() {
            if (done) {
                return;
            }
            done = true;
            watches.remove(this);
            if (pushing) {
                push.remove(taskId);
            }
        }
    }
}
