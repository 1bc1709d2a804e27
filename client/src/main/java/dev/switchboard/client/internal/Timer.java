package dev.switchboard.client.internal;

/** Runs a task later, on a shared scheduler thread; the transport provides it. */
@FunctionalInterface
public interface Timer {
    /**
     * Schedules {@code task} after {@code delayNanos}.
     *
     * @return cancels the task if it has not run
     */
    Runnable schedule(Runnable task, long delayNanos);
}
