package dev.switchboard.server.internal;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.server.Cancellation;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.InputResponses;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestContext;
import dev.switchboard.server.ToolCall;
import dev.switchboard.server.tasks.TaskContext;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.tasks.TaskChange;
import dev.switchboard.state.tasks.TaskRecord;
import dev.switchboard.state.tasks.TaskStatus;
import dev.switchboard.state.tasks.TaskUpdateResult;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One task running on this instance: the tool's handler on its own virtual thread, supervised by
 * this one, which renews the lease every third of its duration, notices a cancel request or a lost
 * lease (woken by the bus, or by its own periodic check), and records the outcome. Every write is
 * fenced with {@code ifLeaseHeldBy}: once another instance took the task over, nothing from here
 * lands. Input rounds: the handler's input requests become the task's {@code input_required}
 * state; when the client has answered them all, the handler is called again with every answer so far.
 */
final class TaskExecution implements TaskContext {
    private static final System.Logger LOG = System.getLogger(TaskExecution.class.getName());
    /** Input rounds (or immediate retries) one task may take before it is considered stuck. */
    static final int MAX_ROUNDS = 64;
    private static final Duration MAX_CHECK = Duration.ofSeconds(2);

    /** Ends the execution without a further write (the task is finished, someone else's, or gone). */
    private static final class Stopped extends RuntimeException {
        Stopped(String why) {
            super(why, null, false, false);
        }
    }

    private final TaskRuntime rt;
    private final String taskId;
    private final String owner;
    private final Catalog.ToolEntry entry;
    private final JsonObject arguments;
    private final JsonObject startState;
    private final boolean resumed;
    private final TaskRecord initial;
    private final CancellationSignal cancellation = new CancellationSignal();
    private final Semaphore wake = new Semaphore(0);
    private final RequestContext context;
    private final long renewEveryNanos;
    private final long checkEveryNanos;
    private volatile Thread handler;
    private volatile Thread supervisor;
    private final java.util.Map<String, Runnable> onCancelled = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean abandoned;
    private long nextRenew;
    private long nextCheck;

    TaskExecution(TaskRuntime rt, TaskRecord record, Catalog.ToolEntry entry, boolean resumed) {
        this.rt = rt;
        this.taskId = record.taskId();
        this.owner = record.owner();
        this.entry = entry;
        this.initial = record;
        this.resumed = resumed;
        JsonObject params = record.request().params();
        JsonObject args = params.getObject("arguments");
        this.arguments = args == null ? JsonObject.EMPTY : args;
        this.startState = params.getObject(TaskRuntime.STATE_MEMBER);
        this.context = requestContext(taskId, Principal.fromJson(params.getObject(TaskRuntime.PRINCIPAL_MEMBER)),
                params.getObject("_meta"), cancellation);
        this.renewEveryNanos = rt.lease().toNanos() / 3;
        this.checkEveryNanos = Math.min(renewEveryNanos, MAX_CHECK.toNanos());
    }

    @Override
    public String taskId() {
        return taskId;
    }

    /** Makes the supervisor look at the stored task now (a change was announced). */
    void wake() {
        wake.release();
    }

    void run() {
        supervisor = Thread.currentThread();
        long now = System.nanoTime();
        nextRenew = now + renewEveryNanos;
        nextCheck = now + checkEveryNanos;
        try {
            if (abandoned) {
                return; // the server stopped before this execution began
            }
            work();
        } catch (Stopped s) {
            LOG.log(System.Logger.Level.DEBUG, "task " + taskId + " stopped here: " + s.getMessage());
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "task " + taskId + " failed in the runtime", e);
        } finally {
            stopHandler();
            rt.finished(this);
        }
    }

    private void work() {
        String name = entry.tool().name();
        // a successor resumes with the state its predecessor kept when it last asked for input
        JsonObject state = resumed && initial.workerState() != null ? initial.workerState() : startState;
        InputResponses responses = resumed ? Mrtr.responses(initial.inputResponses(), null) : InputResponses.NONE;
        for (int round = 0; ; round++) {
            if (round >= MAX_ROUNDS) {
                write(TaskChange.failed(error(ErrorCode.INTERNAL_ERROR, "Tool " + name + " asked for input "
                        + MAX_ROUNDS + " times without finishing; giving up")));
                return;
            }
            Outcome<CallToolResult> outcome;
            try {
                outcome = supervise(new ToolCall(context, name, arguments, responses, state, this));
            } catch (Stopped s) {
                throw s;
            } catch (McpException e) {
                write(TaskChange.failed(error(e.code(), e.getMessage(), e.data())));
                return;
            } catch (Exception e) {
                // a tool failure is a result the model can read, as in a synchronous call
                LOG.log(System.Logger.Level.DEBUG, "task " + taskId + ": tool " + name + " failed", e);
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                write(TaskChange.completed(Codec.encode(CallToolResult.error("Tool " + name + " failed: " + message))));
                return;
            }
            switch (outcome) {
                case Outcome.Complete<CallToolResult> c -> {
                    JsonObject result;
                    try {
                        result = Codec.encode(Dispatcher.checkOutput(entry, c.result()));
                    } catch (McpException e) {
                        write(TaskChange.failed(error(e.code(), e.getMessage(), e.data())));
                        return;
                    }
                    write(TaskChange.completed(result));
                    return;
                }
                case Outcome.InputRequired<CallToolResult> ir -> {
                    state = ir.state();
                    if (ir.requests().isEmpty()) {
                        // "retry now" with new state: a checkpoint, kept so that a successor resumes from it
                        write(TaskChange.working().withWorkerState(state));
                        continue;
                    }
                    try {
                        Mrtr.requireCapabilities(ir.requests(), context.clientCapabilities());
                    } catch (McpException e) {
                        write(TaskChange.failed(error(e.code(), e.getMessage(), e.data())));
                        return;
                    }
                    askForInput(TaskRuntime.encode(ir.requests()), state, resumed && round == 0);
                    TaskRecord answered = awaitAnswers();
                    responses = Mrtr.responses(answered.inputResponses(), null);
                    must(TaskChange.working());
                }
            }
        }
    }

    /** Runs the handler on its own thread and watches the task until it returns. */
    private Outcome<CallToolResult> supervise(ToolCall call) throws Exception {
        CompletableFuture<Outcome<CallToolResult>> result = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().name("mcp-task-handler-" + taskId).unstarted(() -> {
            try {
                result.complete(entry.handler().call(call));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                wake.release();
            }
        });
        handler = t;
        t.start();
        try {
            while (!result.isDone()) {
                tick(result::isDone);
            }
        } catch (Stopped s) {
            stopHandler(); // the lease is gone or the task finished elsewhere: the handler's work is moot
            throw s;
        } finally {
            handler = null;
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw (Error) e.getCause();
        }
    }

    /**
     * @param takeover true for the first round of a run that took the task over, which may ask
     *                 again what its predecessor asked and what was answered in between
     */
    private void askForInput(JsonObject requests, JsonObject state, boolean takeover) {
        TaskRecord current = read();
        if (current.status() == TaskStatus.INPUT_REQUIRED
                && current.inputRequests().members().keySet().equals(requests.members().keySet())) {
            return; // a resumed run asking what its predecessor already asked: keep waiting for it
        }
        if (takeover && current.inputResponses().members().keySet().containsAll(requests.members().keySet())) {
            return; // answered between the takeover and this question: the answers are there to read
        }
        TaskUpdateResult u = write(TaskChange.inputRequired(requests).withWorkerState(state));
        if (u instanceof TaskUpdateResult.Refused r && r.reason() == TaskUpdateResult.Refusal.INPUT_KEY_REUSED) {
            write(TaskChange.failed(error(ErrorCode.INTERNAL_ERROR, "Tool " + entry.tool().name()
                    + " asked for input under a key it used before (" + r.message() + "); input keys are unique "
                    + "for a task's lifetime")));
            throw new Stopped("input key reused");
        }
        if (!(u instanceof TaskUpdateResult.Updated)) {
            throw new Stopped("could not ask for input: " + u);
        }
    }

    /** Waits (renewing the lease) until every outstanding input request is answered. */
    private TaskRecord awaitAnswers() {
        while (true) {
            TaskRecord r = tick(() -> false);
            if (r == null) {
                continue;
            }
            if (r.status() == TaskStatus.WORKING
                    || (r.status() == TaskStatus.INPUT_REQUIRED && r.inputRequests().isEmpty())) {
                return r;
            }
        }
    }

    /**
     * Waits a little (less when woken), then renews the lease when due or reads the task when
     * woken or due; stops the execution when the task is cancelled, finished, gone or no longer
     * ours. Returns the record read, or null when nothing was read.
     */
    private TaskRecord tick(BooleanSupplier done) {
        long now = System.nanoTime();
        long waitNanos = Math.max(0, Math.min(nextRenew, nextCheck) - now);
        boolean woken;
        try {
            woken = wake.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw new Stopped("interrupted");
        }
        wake.drainPermits();
        if (abandoned) {
            throw new Stopped("server stopping");
        }
        now = System.nanoTime();
        boolean renewDue = now >= nextRenew;
        if (done.getAsBoolean() && !renewDue) {
            return null;
        }
        if (!renewDue && !woken && now < nextCheck) {
            return null;
        }
        TaskRecord r;
        try {
            if (renewDue) {
                nextRenew = now + renewEveryNanos;
                TaskUpdateResult u = rt.store().update(owner, taskId, TaskChange.renewLease(rt.instanceId(), rt.lease()));
                if (!(u instanceof TaskUpdateResult.Updated up)) {
                    throw new Stopped("lease lost (" + u + ")");
                }
                r = up.task();
            } else {
                r = rt.store().get(owner, taskId);
            }
        } catch (StateUnavailableException e) {
            return null; // keep working; if the lease runs out meanwhile, the next renewal says so
        }
        nextCheck = System.nanoTime() + checkEveryNanos;
        if (r == null) {
            throw new Stopped("the task is gone (expired or deleted)");
        }
        if (r.isTerminal()) {
            throw new Stopped("the task is already " + r.status());
        }
        if (r.lease() == null || !r.lease().holder().equals(rt.instanceId())) {
            throw new Stopped("lease taken over by " + (r.lease() == null ? "nobody" : r.lease().holder()));
        }
        if (r.cancelRequested()) {
            onCancelled.forEach((key, action) -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "task " + taskId + ": on-cancel action " + key + " failed", e);
                }
            });
            stopHandler();
            write(TaskChange.cancelled().withMessage("Cancelled at the client's request"));
            throw new Stopped("cancelled");
        }
        return r;
    }

    private TaskRecord read() {
        TaskRecord r = rt.store().get(owner, taskId);
        if (r == null) {
            throw new Stopped("the task is gone (expired or deleted)");
        }
        return r;
    }

    /** Applies {@code change} while this instance holds the lease, announcing it; retries briefly through outages. */
    private TaskUpdateResult write(TaskChange change) {
        TaskChange fenced = change.ifLeaseHeldBy(rt.instanceId());
        for (int attempt = 0; ; attempt++) {
            try {
                TaskUpdateResult u = rt.store().update(owner, taskId, fenced);
                if (u instanceof TaskUpdateResult.Updated up) {
                    rt.publish(up);
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "task " + taskId + ": " + change + " not applied: " + u);
                }
                return u;
            } catch (StateUnavailableException e) {
                if (attempt >= 5 || abandoned) {
                    throw new Stopped("state store unavailable: " + e.getMessage());
                }
                try {
                    Thread.sleep(200L << attempt);
                } catch (InterruptedException ie) {
                    throw new Stopped("interrupted");
                }
            }
        }
    }

    private void must(TaskChange change) {
        TaskUpdateResult u = write(change);
        if (!(u instanceof TaskUpdateResult.Updated)) {
            throw new Stopped(change + " refused: " + u);
        }
    }

    private static JsonObject error(int code, String message) {
        return error(code, message, null);
    }

    private static JsonObject error(int code, String message, Json data) {
        JsonObject.Builder b = JsonObject.builder().put("code", Json.of(code)).put("message", message);
        if (data != null) {
            b.put("data", data);
        }
        return b.build();
    }

    private void stopHandler() {
        cancellation.cancel();
        Thread t = handler;
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * The server is stopping: stop the handler, write nothing more, and let the lease run out at
     * once so another instance's sweeper takes the task over.
     */
    void abandon() {
        abandoned = true;
        stopHandler();
        wake.release();
        Thread s = supervisor;
        if (s != null) {
            s.interrupt();
        }
    }

    /**
     * After {@link #abandon()}: waits (bounded) for the supervisor to stop, so no renewal of its
     * can land afterwards, then makes the lease run out now.
     */
    void giveUpLease() {
        Thread s = supervisor;
        try {
            if (s != null && !s.join(Duration.ofSeconds(2))) {
                return; // still busy (a store call hanging): the lease runs out on its own
            }
            rt.store().update(owner, taskId, TaskChange.renewLease(rt.instanceId(), Duration.ofMillis(1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the lease runs out on its own
        }
    }

    // ---- TaskContext ---------------------------------------------------------------------------

    @Override
    public boolean resumed() {
        return resumed;
    }

    @Override
    public void statusMessage(String message) {
        write(TaskChange.message(message));
    }

    @Override
    public void onCancelled(String key, Runnable action) {
        onCancelled.put(key, action);
    }

    /**
     * The context the handler sees: the creating request's principal, version, capabilities and
     * client info, read back from the stored {@code _meta}. No progress or log notifications: the
     * extension has none for tasks, so neither a progress token nor a log level is given.
     */
    private static RequestContext requestContext(String taskId, Principal principal, JsonObject stored,
                                                 Cancellation cancellation) {
        JsonObject meta = stored == null ? JsonObject.EMPTY : stored;
        return new DefaultRequestContext(new RequestId.Text(taskId), Methods.TOOLS_CALL,
                meta.getString(MetaKeys.PROTOCOL_VERSION),
                decode(meta.get(MetaKeys.CLIENT_CAPABILITIES), ClientCapabilities.class, ClientCapabilities.EMPTY),
                decode(meta.get(MetaKeys.CLIENT_INFO), Implementation.class, null),
                principal, meta, null, null, EventSink.NONE, cancellation);
    }

    private static <T> T decode(Json json, Class<T> type, T fallback) {
        if (!(json instanceof JsonObject)) {
            return fallback;
        }
        try {
            return Codec.decode(json, type);
        } catch (McpException e) {
            return fallback;
        }
    }
}
