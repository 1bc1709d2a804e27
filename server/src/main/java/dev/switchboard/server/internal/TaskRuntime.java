package dev.switchboard.server.internal;

import dev.switchboard.protocol.EmptyResult;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tasks.CancelTaskRequest;
import dev.switchboard.protocol.tasks.CreateTaskResult;
import dev.switchboard.protocol.tasks.GetTaskRequest;
import dev.switchboard.protocol.tasks.GetTaskResult;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tasks.UpdateTaskRequest;
import dev.switchboard.server.RequestContext;
import dev.switchboard.server.tasks.TaskPolicy;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.tasks.NewTask;
import dev.switchboard.state.tasks.TaskChange;
import dev.switchboard.state.tasks.TaskIds;
import dev.switchboard.state.tasks.TaskRecord;
import dev.switchboard.state.tasks.TaskRequest;
import dev.switchboard.state.tasks.TaskStatus;
import dev.switchboard.state.tasks.TaskStore;
import dev.switchboard.state.tasks.TaskUpdateResult;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Tasks extension on one instance: creates tasks durably and runs them, answers
 * {@code tasks/get|update|cancel} from the shared {@link TaskStore} (so any instance answers for
 * any task), announces changes on the event bus (listen streams, waiting executors), and sweeps
 * for tasks whose executor died.
 *
 * <p><b>Executors.</b> The creating instance takes the task's lease in the same write that creates
 * it and runs the handler in a {@link TaskExecution}, renewing the lease at a third of its
 * duration. Every instance sweeps {@link TaskStore#expiredLeases} at half the lease duration: a
 * task whose lease ran out is cancelled (if a client asked), re-run here from the start (if its
 * tool is idempotent), or failed with "executor lost". Every takeover is a compare-and-set on the
 * record's version, so of several sweeping instances exactly one acts.
 *
 * <p><b>What is stored.</b> The record's request is the {@code tools/call} params as received,
 * without MRTR's {@code inputResponses} and {@code requestState}, plus the task's start state
 * (from a {@code TaskPreparation}) under {@value #STATE_MEMBER}: enough to run it again anywhere.
 */
public final class TaskRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TaskRuntime.class.getName());
    /** Params member of the stored request holding the task's start state. */
    static final String STATE_MEMBER = "dev.switchboard/taskState";
    /** Where the stored request keeps the creator's {@link dev.switchboard.server.Principal}, for whichever instance runs it. */
    static final String PRINCIPAL_MEMBER = "dev.switchboard/principal";
    /** {@code tasks/get} result {@code _meta} key naming the instance that holds the task's lease. */
    public static final String EXECUTOR_META = "dev.switchboard/executor";
    private static final int SWEEP_BATCH = 100;

    private final TaskStore store;
    private final EventBus bus;
    private final String instanceId;
    private final Duration lease;
    private final Catalog catalog;
    private final Map<String, TaskExecution> running = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;
    private EventBus.Subscription wakeups;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * A runtime over {@code store}; {@code instanceId} names this instance as lease holder, and
     * {@code lease} is how long a lease lasts without renewal.
     */
    public TaskRuntime(TaskStore store, EventBus bus, String instanceId, Duration lease, Catalog catalog) {
        this.store = store;
        this.bus = bus;
        this.instanceId = instanceId;
        this.lease = lease;
        this.catalog = catalog;
    }

    /** This instance's id (the lease holder name). */
    public String instanceId() {
        return instanceId;
    }

    TaskStore store() {
        return store;
    }

    Duration lease() {
        return lease;
    }

    /** Starts the sweeper and the bus subscription that wakes waiting executors; once, idempotent. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        wakeups = bus.subscribe(ListenHub.TOPIC, this::onEvent, () -> running.values().forEach(TaskExecution::wake));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mcp-task-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(20, lease.toMillis() / 2);
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    private void onEvent(JsonObject event) {
        if ("task".equals(event.getString("kind"))) {
            TaskExecution e = running.get(String.valueOf(event.getString("taskId")));
            if (e != null) {
                e.wake();
            }
        }
    }

    // ---- requests ----------------------------------------------------------------------------

    /** The -32021 a request gets when it needs the extension and did not declare it. */
    public static McpException missingExtension(String what) {
        return new McpException(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY, what + " needs the Tasks extension: "
                + "declare it in this request's _meta[\"io.modelcontextprotocol/clientCapabilities\"].extensions[\""
                + TasksExtension.ID + "\"] = {} and retry",
                JsonObject.of("requiredCapabilities", JsonObject.of("extensions",
                        JsonObject.of(TasksExtension.ID, JsonObject.EMPTY))));
    }

    /**
     * Creates a task for a {@code tools/call} and starts running it here; returns the encoded
     * {@code CreateTaskResult} once the task is stored (visible to every instance).
     */
    public JsonObject create(Catalog.ToolEntry entry, JsonObject params, RequestContext ctx, JsonObject startState) {
        TaskPolicy policy = entry.task();
        JsonObject.Builder stored = params.toBuilder();
        stored.remove("inputResponses");
        stored.remove("requestState");
        if (startState != null) {
            stored.put(STATE_MEMBER, startState);
        }
        stored.put(PRINCIPAL_MEMBER, ctx.principal().toJson());
        TaskRecord record = store.create(NewTask.builder(ctx.principal().key(), TaskRequest.of(Methods.TOOLS_CALL, stored.build()))
                .ttl(policy.ttl())
                .pollInterval(policy.pollInterval())
                .lease(instanceId, lease)
                .build());
        launch(new TaskExecution(this, record, entry, false));
        return Codec.encode(CreateTaskResult.of(TaskViews.task(record)));
    }

    /** {@code tasks/get}: the detailed task of the caller, from the shared store. */
    public JsonObject get(JsonObject params, RequestContext ctx) {
        GetTaskRequest req = Codec.decode(params, GetTaskRequest.class, "params");
        TaskRecord r = lookup(ctx.principal().key(), req.taskId());
        JsonObject meta = r.lease() == null ? null : JsonObject.of(EXECUTOR_META, Json.of(r.lease().holder()));
        return Codec.encode(new GetTaskResult(TaskViews.detailed(r), meta));
    }

    /**
     * {@code tasks/update}: keeps the answers to outstanding input requests (others are ignored);
     * once none is outstanding the task is working again and its executor resumes the handler.
     *
     * @throws McpException -32602 for an unknown task or a malformed answer
     */
    public JsonObject update(JsonObject params, RequestContext ctx) {
        UpdateTaskRequest req = Codec.decode(params, UpdateTaskRequest.class, "params");
        TaskRecord r = lookup(ctx.principal().key(), req.taskId());
        Map<String, String> asked = new LinkedHashMap<>();
        r.inputRequests().members().forEach((k, v) -> asked.put(k, ((JsonObject) v).getString("method")));
        JsonObject answers = JsonObject.copyOf(req.inputResponses());
        Mrtr.responses(answers, asked); // a malformed answer to an outstanding request is -32602, not silently kept
        TaskUpdateResult u = store.update(ctx.principal().key(), r.taskId(), TaskChange.answer(answers));
        if (u instanceof TaskUpdateResult.NotFound) {
            throw notFound(req.taskId());
        }
        if (u instanceof TaskUpdateResult.Updated up && up.changed()) {
            TaskRecord now = up.task();
            if (now.status() == TaskStatus.INPUT_REQUIRED && now.inputRequests().isEmpty()) {
                // everything asked is answered: working again at once, so tasks/get shows it on every instance
                TaskUpdateResult w = store.update(ctx.principal().key(), r.taskId(), TaskChange.working().ifVersion(now.version()));
                if (w instanceof TaskUpdateResult.Updated wu) {
                    now = wu.task();
                }
            }
            publish(up.before(), now);
        }
        return Codec.encode(EmptyResult.of());
    }

    /**
     * {@code tasks/cancel}: asks the executor to stop (it interrupts the handler and records
     * {@code cancelled}); a task nobody executes is cancelled at once; a finished task is left as it is.
     */
    public JsonObject cancel(JsonObject params, RequestContext ctx) {
        CancelTaskRequest req = Codec.decode(params, CancelTaskRequest.class, "params");
        TaskRecord r = lookup(ctx.principal().key(), req.taskId());
        if (!r.isTerminal()) {
            TaskUpdateResult u = store.update(ctx.principal().key(), r.taskId(), TaskChange.requestCancel());
            if (u instanceof TaskUpdateResult.Updated up) {
                TaskRecord now = up.task();
                if (!now.isTerminal() && (now.lease() == null || !now.lease().isLive(Instant.now()))) {
                    TaskUpdateResult c = store.update(ctx.principal().key(), r.taskId(),
                            TaskChange.cancelled().withMessage("Cancelled at the client's request").ifVersion(now.version()));
                    if (c instanceof TaskUpdateResult.Updated cu) {
                        now = cu.task();
                    }
                }
                publish(up.before(), now);
            }
        }
        return Codec.encode(EmptyResult.of());
    }

    private TaskRecord lookup(String principal, String taskId) {
        TaskRecord r = TaskIds.isValid(taskId) ? store.get(principal, taskId) : null;
        if (r == null) {
            throw notFound(taskId);
        }
        return r;
    }

    private static McpException notFound(String taskId) {
        String shown = taskId.length() > 64 ? taskId.substring(0, 64) + "..." : taskId;
        return new McpException(ErrorCode.INVALID_PARAMS, "Unknown task \"" + shown + "\": it does not exist, has "
                + "expired, or was created by someone else", JsonObject.of("taskId", Json.of(taskId)));
    }

    // ---- changes and executors ---------------------------------------------------------------

    /** Announces a stored change (when clients can see it) to listen streams and executors on every instance. */
    void publish(TaskUpdateResult.Updated u) {
        if (u.changed()) {
            publish(u.before(), u.task());
        }
    }

    private void publish(TaskRecord before, TaskRecord after) {
        boolean shown = after.status() != before.status()
                || !Objects.equals(after.statusMessage(), before.statusMessage())
                || !Objects.equals(after.result(), before.result()) || !Objects.equals(after.error(), before.error())
                || !after.inputRequests().equals(before.inputRequests()) || !Objects.equals(after.ttl(), before.ttl())
                || !Objects.equals(after.pollInterval(), before.pollInterval());
        boolean wakes = shown || !after.inputResponses().equals(before.inputResponses())
                || after.cancelRequested() != before.cancelRequested();
        if (!wakes) {
            return; // a lease renewal or takeover: nothing a client or an executor acts on
        }
        JsonObject.Builder event = JsonObject.builder().put("kind", "task").put("taskId", after.taskId())
                .put("owner", after.owner());
        if (shown) {
            // listen streams forward only events with the task: a new answer or a cancel flag alone shows nothing new
            event.put("task", Codec.encode(TaskViews.detailed(after)));
        }
        try {
            bus.publish(ListenHub.TOPIC, event.build());
        } catch (RuntimeException e) {
            // pollers still see the change; listeners miss one notification and executors wake on their next check
            LOG.log(System.Logger.Level.WARNING, "could not announce a change of task " + after.taskId(), e);
        }
    }

    private void launch(TaskExecution e) {
        if (running.putIfAbsent(e.taskId(), e) != null) {
            return;
        }
        Thread.ofVirtual().name("mcp-task-" + e.taskId()).start(e::run);
    }

    void finished(TaskExecution e) {
        running.remove(e.taskId(), e);
    }

    /** Number of tasks executing on this instance now. */
    public int running() {
        return running.size();
    }

    /** One pass of the sweeper: takes over, cancels or fails tasks whose executor's lease ran out. */
    public void sweep() {
        if (closed) {
            return;
        }
        List<TaskRecord> expired;
        try {
            expired = store.expiredLeases(SWEEP_BATCH);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "task sweep skipped: " + e.getMessage());
            return;
        }
        for (TaskRecord r : expired) {
            if (closed) {
                return;
            }
            if (running.containsKey(r.taskId())) {
                continue; // ours, and still trying to renew
            }
            try {
                takeOver(r);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not take over task " + r.taskId() + ": " + e.getMessage());
            }
        }
    }

    private void takeOver(TaskRecord r) {
        String tool = r.request().params().getString("name");
        Catalog.ToolEntry entry = tool == null ? null : catalog.tool(tool);
        String lost = r.lease() == null ? "unknown" : r.lease().holder();
        TaskUpdateResult u;
        if (r.cancelRequested()) {
            u = store.update(r.owner(), r.taskId(), TaskChange.cancelled()
                    .withMessage("Cancelled at the client's request (its executor was lost)").ifVersion(r.version()));
        } else if (entry != null && entry.task() != null && entry.task().isIdempotent()
                && Methods.TOOLS_CALL.equals(r.request().method())) {
            u = store.update(r.owner(), r.taskId(), TaskChange.acquireLease(instanceId, lease).ifVersion(r.version()));
            if (u instanceof TaskUpdateResult.Updated up) {
                LOG.log(System.Logger.Level.INFO, "task " + r.taskId() + ": executor " + lost + " lost; running "
                        + tool + " again on " + instanceId);
                launch(new TaskExecution(this, up.task(), entry, true));
            }
            return;
        } else {
            String why = entry == null ? "tool " + tool + " is not served here"
                    : "tool " + tool + " is not idempotent, so it was not run again";
            u = store.update(r.owner(), r.taskId(), TaskChange.failed(JsonObject.of(
                    "code", Json.of(ErrorCode.INTERNAL_ERROR),
                    "message", Json.of("Executor lost: the instance running this task (" + lost
                            + ") stopped before the task finished; " + why),
                    "data", JsonObject.of("reason", Json.of("executorLost"), "executor", Json.of(lost))))
                    .withMessage("Executor lost").ifVersion(r.version()));
            if (u instanceof TaskUpdateResult.Updated) {
                LOG.log(System.Logger.Level.INFO, "task " + r.taskId() + ": executor " + lost + " lost; failed it ("
                        + why + ")");
            }
        }
        if (u instanceof TaskUpdateResult.Updated up) {
            publish(up);
        }
    }

    /** Stops sweeping; executions here stop and give their leases up at once, so another instance takes over. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
            if (wakeups != null) {
                wakeups.close();
            }
        }
        List<TaskExecution> here = List.copyOf(running.values());
        here.forEach(TaskExecution::abandon);
        here.forEach(TaskExecution::giveUpLease);
    }

    /** Encodes input requests for the store, by key. */
    static JsonObject encode(Map<String, InputRequest> requests) {
        JsonObject.Builder b = JsonObject.builder();
        requests.forEach((k, r) -> b.put(k, Codec.encode(r)));
        return b.build();
    }
}
