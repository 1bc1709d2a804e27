package dev.switchboard.client.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.CancellationToken;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.client.TaskException;
import dev.switchboard.client.TaskStatusListener;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tasks.CancelTaskRequest;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.GetTaskRequest;
import dev.switchboard.protocol.tasks.GetTaskResult;
import dev.switchboard.protocol.tasks.Task;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tasks.UpdateTaskRequest;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Follows a task to its end (Tasks extension, brief §5.4): polls {@code tasks/get} at the server's
 * {@code pollIntervalMs} (clamped to the client's bounds), answers {@code input_required} with the
 * same handlers as MRTR and sends the answers with {@code tasks/update} (each key once: keys are
 * unique over a task's life, and a key the server still lists after its answer was sent is not
 * asked again), and returns the completed task's {@code result}. Transient request failures are
 * retried at the poll interval a few times. When the caller gives up (token, interrupt, task
 * timeout, input it cannot give) it sends {@code tasks/cancel}, best effort. Each wait watches its
 * task ({@link TaskWatches}): a {@code notifications/tasks} for it, pushed on the client's own
 * stream or on a listen of the caller's, cuts the current wait short, so polling is only the
 * fallback. Thread-safe; each wait runs on its caller's thread.
 */
public final class TaskWaiter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TaskWaiter.class.getName());
    /** Consecutive transient failures of one wait tolerated before it fails. */
    static final int MAX_TRANSIENT_FAILURES = 3;
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);

    private final ClientSettings settings;
    private final CallRunner runner;
    private final Timer timer;
    private final TaskWatches watches;
    private final long minPollNanos;
    private final long maxPollNanos;
    private volatile boolean closed;

    /**
     * A waiter polling no faster than {@code minPoll} and no slower than {@code maxPoll}, whatever
     * the server suggests; without a suggestion it polls every second (within those bounds). Its
     * waits watch their tasks in {@code watches}, which wake them.
     */
    public TaskWaiter(ClientSettings settings, CallRunner runner, Timer timer, TaskWatches watches, Duration minPoll,
                      Duration maxPoll) {
        this.settings = settings;
        this.runner = runner;
        this.timer = timer;
        this.watches = watches;
        this.minPollNanos = minPoll.toNanos();
        this.maxPollNanos = maxPoll.toNanos();
    }

    /**
     * Waits for task {@code taskId} to end and returns its result object.
     *
     * @param created the task as created (its first poll interval), or null to poll at once
     * @throws TaskException when the task failed, was cancelled or is gone, or the wait was given up
     */
    public JsonObject await(String taskId, Task created, CallOptions options) {
        try (TaskWatches.Watch w = watches.watch(taskId)) {
            CancellationToken token = options.cancellation();
            Runnable unregister = token == null ? () -> { } : token.onCancel(w::wake);
            try {
                return new Run(w, taskId, options).loop(created);
            } finally {
                unregister.run();
            }
        }
    }

    /**
     * Ends every wait with {@link Kind#CLOSED} once woken (closing the watches wakes them);
     * requests in flight are stopped by the runner.
     */
    @Override
    public void close() {
        closed = true;
    }

    /** The poll interval for {@code task}: its suggestion (1 s without one), within the bounds. */
    long interval(Task task) {
        long suggested = task == null || task.pollIntervalMs() == null ? TimeUnit.SECONDS.toNanos(1)
                : TimeUnit.MILLISECONDS.toNanos(Math.max(0, task.pollIntervalMs()));
        return Math.min(maxPollNanos, Math.max(minPollNanos, suggested));
    }

    /** The state of one wait. */
    private final class Run {
        private final TaskWatches.Watch w;
        private final String taskId;
        private final CallOptions options;
        private final boolean bounded;
        private long deadline;
        private DetailedTask last;
        /** The status and message last told to the listener, or null before the first. */
        private String told;
        /** Keys whose answers the server acknowledged. */
        private final Set<String> answered = new HashSet<>();
        /** Answers obtained but not yet acknowledged (a failed {@code tasks/update} is sent again, not asked again). */
        private final Map<String, Json> unsent = new LinkedHashMap<>();

        Run(TaskWatches.Watch w, String taskId, CallOptions options) {
            this.w = w;
            this.taskId = taskId;
            this.options = options;
            this.bounded = options.taskTimeout() != null;
            this.deadline = bounded ? System.nanoTime() + options.taskTimeout().toNanos() : 0;
        }

        JsonObject loop(Task created) {
            long interval = interval(created);
            boolean pollNow = created == null || !TasksExtension.WORKING.equals(created.status());
            int failures = 0;
            tell(created);
            while (true) {
                if (!pollNow) {
                    sleep(interval);
                }
                pollNow = false;
                checkStopped();
                DetailedTask task;
                try {
                    task = get();
                    failures = 0;
                } catch (McpClientException e) {
                    if (++failures > MAX_TRANSIENT_FAILURES || !transientFailure(e)) {
                        throw wrap(e);
                    }
                    LOG.log(System.Logger.Level.DEBUG, "polling task " + taskId + " failed, retrying: " + e.getMessage());
                    continue;
                }
                last = task;
                tell(task.task());
                interval = interval(task.task());
                switch (task.task().status()) {
                    case TasksExtension.COMPLETED -> {
                        return task.result();
                    }
                    case TasksExtension.FAILED -> throw new TaskException(Kind.ERROR_RESPONSE, "Task " + taskId + " at "
                            + settings.endpoint() + " failed: " + task.error().message() + " ("
                            + ErrorCode.nameOf(task.error().code()) + ", " + task.error().code() + ")", taskId, task,
                            task.error(), null);
                    case TasksExtension.CANCELLED -> throw new TaskException(Kind.CANCELLED, "Task " + taskId + " at "
                            + settings.endpoint() + " was cancelled" + statusMessage(task), taskId, task, null, null);
                    case TasksExtension.INPUT_REQUIRED -> {
                        try {
                            answer(task.inputRequests());
                            failures = 0;
                        } catch (McpClientException e) {
                            if (++failures > MAX_TRANSIENT_FAILURES || !transientFailure(e)) {
                                throw wrap(e);
                            }
                        }
                    }
                    default -> {
                        // working: wait and poll again
                    }
                }
            }
        }

        /** Tells the caller's listener about {@code task} when its status or message changed. */
        private void tell(Task task) {
            TaskStatusListener listener = options.taskStatus();
            String now = task == null ? null : task.status() + "\n" + task.statusMessage();
            if (listener == null || now == null || now.equals(told)) {
                return;
            }
            told = now;
            try {
                listener.onStatus(task);
            } catch (RuntimeException e) {
                // the listener only watches: its failure must not end a wait that is going well
                LOG.log(System.Logger.Level.WARNING, "the task status listener failed on task " + taskId, e);
            }
        }

        private DetailedTask get() {
            JsonObject result = runner.call(Methods.TASKS_GET, Codec.encode(GetTaskRequest.of(taskId)), requestOptions(),
                    true);
            DetailedTask task = Results.decode(Methods.TASKS_GET, result, GetTaskResult.class, settings.endpoint()).task();
            if (!taskId.equals(task.task().taskId())) {
                throw new McpClientException(Kind.INVALID_RESPONSE, "Invalid response to " + Methods.TASKS_GET + " from "
                        + settings.endpoint() + ": asked for task " + taskId + ", got " + task.task().taskId());
            }
            return task;
        }

        /** Answers the outstanding requests not answered yet and sends every answer not yet acknowledged. */
        private void answer(Map<String, InputRequest> outstanding) {
            unsent.keySet().retainAll(outstanding.keySet()); // superseded ones: the server would ignore them
            Map<String, InputRequest> fresh = new LinkedHashMap<>();
            outstanding.forEach((key, request) -> {
                if (!answered.contains(key) && !unsent.containsKey(key)) {
                    fresh.put(key, request);
                }
            });
            if (!fresh.isEmpty()) {
                long start = System.nanoTime();
                try (CallControl control = new CallControl(timer, settings.timeout(), null, "task " + taskId,
                        settings.endpoint())) {
                    unsent.putAll(settings.answers().answerAll(fresh, control).members());
                } catch (McpClientException e) {
                    throw giveUp(Kind.INPUT, e.getMessage(), e);
                } finally {
                    deadline += System.nanoTime() - start; // like a call's clock: the handlers' time does not count
                }
            }
            if (unsent.isEmpty()) {
                return; // all answered; the server has not caught up yet
            }
            checkStopped();
            runner.call(Methods.TASKS_UPDATE, Codec.encode(UpdateTaskRequest.of(taskId, unsent)), requestOptions(), true);
            answered.addAll(unsent.keySet());
            unsent.clear();
        }

        /** Each request: the call timeout, cut to what is left of the task timeout; the caller's token. */
        private CallOptions requestOptions() {
            Duration timeout = options.timeout() != null ? options.timeout() : settings.timeout();
            if (bounded) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw giveUp(Kind.TIMEOUT, "waiting for task " + taskId + " at " + settings.endpoint()
                            + " took longer than " + CallControl.describe(options.taskTimeout()), null);
                }
                timeout = Duration.ofNanos(Math.min(timeout.toNanos(), Math.max(left, TimeUnit.MILLISECONDS.toNanos(1))));
            }
            return new CallOptions(timeout, null, null, null, options.cancellation());
        }

        private void sleep(long nanos) {
            long wait = bounded ? Math.min(nanos, deadline - System.nanoTime()) : nanos;
            if (wait > 0 && !closed) {
                try {
                    w.awaitChange(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Throws when the wait must end: client closed, cancelled, interrupted, out of time. */
        private void checkStopped() {
            if (closed) {
                throw new TaskException(Kind.CLOSED, "Waiting for task " + taskId + " at " + settings.endpoint()
                        + " stopped: the client was closed", taskId, last, null, null);
            }
            CancellationToken token = options.cancellation();
            if (Thread.currentThread().isInterrupted() || token != null && token.isCancelled()) {
                throw giveUp(Kind.CANCELLED, "waiting for task " + taskId + " at " + settings.endpoint()
                        + " was cancelled", null);
            }
            if (bounded && System.nanoTime() - deadline >= 0) {
                throw giveUp(Kind.TIMEOUT, "waiting for task " + taskId + " at " + settings.endpoint()
                        + " took longer than " + CallControl.describe(options.taskTimeout()), null);
            }
        }

        /** The caller stops waiting: asks the server to cancel the task (best effort) and returns the failure. */
        private TaskException giveUp(Kind why, String message, Throwable cause) {
            boolean interrupted = Thread.interrupted(); // the cancel must go out even when the thread was interrupted
            String outcome;
            try {
                runner.call(Methods.TASKS_CANCEL, Codec.encode(CancelTaskRequest.of(taskId)),
                        new CallOptions(CANCEL_TIMEOUT.compareTo(settings.timeout()) < 0 ? CANCEL_TIMEOUT : settings.timeout(),
                                null, null, null, null), true);
                outcome = "; tasks/cancel sent";
            } catch (McpClientException e) {
                outcome = "; tasks/cancel failed too: " + e.getMessage();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            String text = Character.toUpperCase(message.charAt(0)) + message.substring(1) + outcome;
            return new TaskException(why, text, taskId, last, null, cause);
        }

        /** A request of the wait failed: the matching {@link TaskException}. */
        private TaskException wrap(McpClientException e) {
            if (e instanceof TaskException t) {
                return t;
            }
            CancellationToken token = options.cancellation();
            if (e.kind() == Kind.CANCELLED && (token != null && token.isCancelled() || Thread.currentThread().isInterrupted())) {
                return giveUp(Kind.CANCELLED, "waiting for task " + taskId + " at " + settings.endpoint()
                        + " was cancelled", e);
            }
            if (e.kind() == Kind.TIMEOUT && bounded && System.nanoTime() - deadline >= 0) {
                return giveUp(Kind.TIMEOUT, "waiting for task " + taskId + " at " + settings.endpoint()
                        + " took longer than " + CallControl.describe(options.taskTimeout()), e);
            }
            if (e instanceof ErrorResponseException r && r.code() == ErrorCode.INVALID_PARAMS) {
                String ttl = last == null ? "" : last.task().ttlMs() == null ? " (no ttlMs)"
                        : " (ttlMs " + last.task().ttlMs() + " from " + last.task().createdAt() + ")";
                return new TaskException(Kind.ERROR_RESPONSE, "Task " + taskId + " is no longer known to "
                        + settings.endpoint() + ": it expired" + ttl + ", was removed, or never existed; the server said: "
                        + r.error().message(), taskId, last, r.error(), e);
            }
            return new TaskException(e.kind(), e.getMessage() + " (task " + taskId
                    + " may still be running: McpClient.awaitTask can wait for it again)", taskId, last,
                    e instanceof ErrorResponseException r ? r.error() : null, e);
        }

        private boolean transientFailure(McpClientException e) {
            int status = e.httpStatus();
            return switch (e.kind()) {
                case TRANSPORT -> true;
                case TIMEOUT -> !bounded || System.nanoTime() - deadline < 0; // one slow request, not the whole wait
                case HTTP_STATUS -> status >= 500 || status == 408 || status == 425 || status == 429;
                case ERROR_RESPONSE -> e instanceof ErrorResponseException r
                        && (r.code() == ErrorCode.RATE_LIMITED || r.code() == ErrorCode.UNAVAILABLE);
                default -> false;
            };
        }

        private static String statusMessage(DetailedTask task) {
            String m = task.task().statusMessage();
            return m == null || m.isBlank() ? "" : ": " + m;
        }
    }
}
