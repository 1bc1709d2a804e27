package dev.switchboard.server.tasks;

/**
 * What a tool handler sees of the task it runs in ({@link dev.switchboard.server.ToolCall#task()};
 * null when the call is answered synchronously). The handler runs on its own virtual thread on
 * whichever instance holds the task's executor lease. Thread-safe.
 *
 * <p>Cancellation ({@code tasks/cancel}, the lease lost to another instance, the server stopping)
 * interrupts the handler's thread and fires {@code call.context().cancellation()}. Progress and
 * log notifications are not delivered for tasks; use {@link #statusMessage(String)}.
 */
public interface TaskContext {

    /** The task's id. */
    String taskId();

    /**
     * True when this run takes over a task whose previous executor died (only for idempotent
     * tools): the work starts again from the beginning, with the answers received so far.
     */
    boolean resumed();

    /** Sets the task's {@code statusMessage}, visible to {@code tasks/get} on every instance. */
    void statusMessage(String message);

    /**
     * Runs {@code action} if the task is cancelled at the client's request while this instance
     * executes it, even while it waits for input and no handler runs (then nothing else would
     * notice). Not run when the execution merely stops here (lease lost, server stopping). A later
     * registration under the same {@code key} replaces an earlier one. Keep it short: it runs on
     * the task's supervisor.
     */
    void onCancelled(String key, Runnable action);
}
