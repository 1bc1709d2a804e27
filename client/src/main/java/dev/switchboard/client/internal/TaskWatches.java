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
 * client, and, with push on, the client's {@link TaskPush} stream asks for every watched task.
 * Thread-safe.
 */
public final class TaskWatches implements AutoCloseable {
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

    /** Starts watching {@code taskId}; close the watch when done. */
    public Watch watch(String taskId) {
        Watch w = new Watch(taskId);
        watches.add(w);
        if (closed) {
            w.wake();
        } else if (push != null) {
            push.add(taskId);
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

        @Override
        public void close() {
            if (watches.remove(this) && push != null) {
                push.remove(taskId);
            }
        }
    }
}
