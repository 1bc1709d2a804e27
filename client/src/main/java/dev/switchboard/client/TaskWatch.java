package dev.switchboard.client;

import java.time.Duration;

/**
 * A task this client watches ({@link McpClient#watchTask}): for code that polls a task itself
 * (with {@link McpClient#getTask}) instead of {@link McpClient#awaitTask}, and wants to poll at
 * once when the server reports a change rather than at the end of its interval. Changes arrive as
 * {@code notifications/tasks} on the client's own push stream ({@link McpClient.Builder#taskPush})
 * or on any {@link McpClient#listen} subscription asking for the task. Close it when done polling.
 * Thread-safe.
 *
 * <pre>{@code
 * try (TaskWatch watch = client.watchTask(taskId)) {
 *     DetailedTask t = client.getTask(taskId);
 *     while (t.task().status().equals("working")) {
 *         watch.awaitChange(Duration.ofMillis(t.task().pollIntervalMs()));  // the poll stays the fallback
 *         t = client.getTask(taskId);
 *     }
 * }
 * }</pre>
 */
public interface TaskWatch extends AutoCloseable {
    /**
     * Blocks until the task changed or {@code timeout} passed, whichever is first. Changes
     * reported since the last call count (several make one wake); so does closing the client. The
     * first call with a timeout of 10 ms or more makes the client ask the server to push the
     * task's changes (a shorter wait is as quick by polling, and a stream is not free).
     *
     * @return true when woken early by a change, false when the timeout passed
     * @throws InterruptedException when the thread was interrupted while waiting
     */
    boolean awaitChange(Duration timeout) throws InterruptedException;

    /**
     * True while the client's push stream is open and carries this task's changes: polling is then
     * only the fallback, and may go at the server's suggested interval. False before the server
     * acknowledged the stream, while it reconnects, and when the server (or the client's settings)
     * gives no push.
     */
    boolean pushed();

    /** Stops watching; the client's push stream drops the task when it next changes. Idempotent. */
    @Override
    void close();
}
