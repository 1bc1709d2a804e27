package dev.switchboard.server.tasks;

import java.time.Duration;
import java.util.Objects;

/**
 * How a tool runs as a task of the Tasks extension. Immutable; start from {@link #optional()} or
 * {@link #required()} and add settings:
 *
 * <pre>{@code
 * McpServer.builder("com.example/reports", "1.0")
 *     .tool(reportTool, reportHandler, TaskPolicy.optional()
 *             .idempotent()                       // another instance may run it again if this one dies
 *             .ttl(Duration.ofHours(6))
 *             .pollInterval(Duration.ofSeconds(5)))
 *     .build();
 * }</pre>
 *
 * <p>When a request declares the extension, the runtime stores the task durably (so every
 * instance can answer {@code tasks/get}), returns {@code CreateTaskResult}, and runs the handler
 * on a virtual thread of this instance, which holds a renewable lease on the task. If the
 * instance dies, another one notices the lease ran out: an {@linkplain #idempotent() idempotent}
 * tool is run again there from the start (with the input answers received so far); any other
 * task fails with an "executor lost" error. A handler that returns "input required" puts the task
 * in {@code input_required}; it is called again, with every answer so far, once the client has
 * answered all outstanding requests through {@code tasks/update}.
 */
public final class TaskPolicy {
    /** Default time a task is kept after creation: one hour. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /** Default suggested polling interval: one second. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    private final TaskSupport support;
    private final boolean idempotent;
    private final Duration ttl;
    private final Duration pollInterval;
    private final TaskPreparation preparation;

    private TaskPolicy(TaskSupport support, boolean idempotent, Duration ttl, Duration pollInterval,
                       TaskPreparation preparation) {
        this.support = support;
        this.idempotent = idempotent;
        this.ttl = ttl;
        this.pollInterval = pollInterval;
        this.preparation = preparation;
    }

    /** A task when the request declares the extension, a synchronous call otherwise. */
    public static TaskPolicy optional() {
        return new TaskPolicy(TaskSupport.OPTIONAL, false, DEFAULT_TTL, DEFAULT_POLL_INTERVAL, null);
    }

    /** Only as a task: requests without the extension get {@code -32021} before the handler runs. */
    public static TaskPolicy required() {
        return new TaskPolicy(TaskSupport.REQUIRED, false, DEFAULT_TTL, DEFAULT_POLL_INTERVAL, null);
    }

    /**
     * This policy, for a tool that is safe to run again from the start: if the executing instance
     * dies, another instance re-runs it instead of failing the task.
     */
    public TaskPolicy idempotent() {
        return new TaskPolicy(support, true, ttl, pollInterval, preparation);
    }

    /**
     * This policy with tasks kept {@code ttl} after creation (whatever their status), or forever
     * when null. Clients see it as {@code ttlMs}.
     *
     * @throws IllegalArgumentException when not positive
     */
    public TaskPolicy ttl(Duration ttl) {
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("task ttl must be positive (null for unlimited): " + ttl);
        }
        return new TaskPolicy(support, idempotent, ttl, pollInterval, preparation);
    }

    /**
     * This policy suggesting clients poll every {@code interval} ({@code pollIntervalMs}).
     *
     * @throws IllegalArgumentException when not positive
     */
    public TaskPolicy pollInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive: " + interval);
        }
        return new TaskPolicy(support, idempotent, ttl, interval, preparation);
    }

    /** This policy with a synchronous {@link TaskPreparation} run on the request before the task exists. */
    public TaskPolicy beforeTask(TaskPreparation preparation) {
        return new TaskPolicy(support, idempotent, ttl, pollInterval, Objects.requireNonNull(preparation, "preparation"));
    }

    /** {@link TaskSupport#OPTIONAL} or {@link TaskSupport#REQUIRED}. */
    public TaskSupport support() {
        return support;
    }

    /** True when the tool may be run again from the start after its executor died. */
    public boolean isIdempotent() {
        return idempotent;
    }

    /** How long tasks are kept after creation, or null for unlimited. */
    public Duration ttl() {
        return ttl;
    }

    /** The suggested polling interval. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** The synchronous preparation, or null. */
    public TaskPreparation preparation() {
        return preparation;
    }

    @Override
    public String toString() {
        return "TaskPolicy[" + support.wireName() + (idempotent ? ", idempotent" : "") + ", ttl=" + ttl
                + ", pollInterval=" + pollInterval + (preparation != null ? ", beforeTask" : "") + "]";
    }
}
