package dev.switchboard.state.tasks;

import dev.switchboard.protocol.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link TaskStore#create} stores: a task in status {@code working}, bound to its owner.
 *
 * <pre>{@code
 * TaskRecord task = store.create(NewTask.builder(principal, TaskRequest.of("tools/call", params))
 *         .ttl(Duration.ofHours(1))
 *         .pollInterval(Duration.ofSeconds(2))
 *         .lease(instanceId, Duration.ofSeconds(30))   // this instance starts executing it at once
 *         .build());
 * }</pre>
 *
 * Taking the lease at creation leaves no moment in which the task exists but nobody executes it: if
 * the creating instance dies before it starts, the lease runs out and {@link TaskStore#expiredLeases}
 * reports the task.
 *
 * @param taskId        the id to use, or null to have the store generate one
 * @param owner         the principal the task is bound to
 * @param request       the request that created it
 * @param ttl           how long the task is kept after creation, or null for unlimited
 * @param pollInterval  the suggested polling interval, or null
 * @param statusMessage the initial status message, or null
 * @param leaseHolder   the instance that takes the executor lease at creation, or null
 * @param leaseDuration how long that lease lasts (with {@code leaseHolder})
 */
public record NewTask(String taskId, String owner, TaskRequest request, Duration ttl, Duration pollInterval,
                      String statusMessage, String leaseHolder, Duration leaseDuration) {

    /** Checks the settings (see {@link Builder} for each rule) and rounds durations up to whole milliseconds. */
    public NewTask {
        if (taskId != null) {
            TaskIds.check(taskId);
        }
        Objects.requireNonNull(owner, "owner");
        if (owner.isEmpty()) {
            throw new IllegalArgumentException("owner must not be empty");
        }
        Objects.requireNonNull(request, "request");
        ttl = ttl == null ? null : TaskChange.positive(ttl, "ttl");
        pollInterval = pollInterval == null ? null : TaskChange.positive(pollInterval, "pollInterval");
        if ((leaseHolder == null) != (leaseDuration == null)) {
            throw new IllegalArgumentException("a lease needs both a holder and a duration");
        }
        if (leaseHolder != null) {
            TaskChange.holder(leaseHolder);
            leaseDuration = TaskChange.positive(leaseDuration, "lease duration");
        }
    }

    /** A new task of {@code owner} for {@code request}. */
    public static Builder builder(String owner, TaskRequest request) {
        return new Builder(owner, request);
    }

    /**
     * The record this task starts as, at {@code now}, with {@code id} (this task's own, or a fresh
     * one). For backends.
     */
    public TaskRecord toRecord(String id, Instant now) {
        Instant created = TaskChange.millis(now);
        Lease lease = leaseHolder == null ? null : new Lease(leaseHolder, created.plus(leaseDuration));
        return new TaskRecord(id, owner, TaskStatus.WORKING, statusMessage, created, created, ttl, pollInterval, request,
                null, null, JsonObject.EMPTY, JsonObject.EMPTY, List.of(), false,
                List.of(new StatusChange(TaskStatus.WORKING, created, statusMessage)), lease, 1, null);
    }

    /** Collects the optional settings of a {@link NewTask}. Not thread-safe. */
    public static final class Builder {
        private final String owner;
        private final TaskRequest request;
        private String taskId;
        private Duration ttl;
        private Duration pollInterval;
        private String statusMessage;
        private String leaseHolder;
        private Duration leaseDuration;

        private Builder(String owner, TaskRequest request) {
            this.owner = owner;
            this.request = request;
        }

        /** Uses {@code taskId} instead of a generated id ({@link TaskIds} rules apply). */
        public Builder taskId(String taskId) {
            this.taskId = taskId;
            return this;
        }

        /** Keeps the task for {@code ttl} after creation (positive); null (the default) is unlimited. */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** Suggests clients poll every {@code interval} (positive). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        /** The initial status message. */
        public Builder statusMessage(String message) {
            this.statusMessage = message;
            return this;
        }

        /** Gives {@code holder} the executor lease for {@code duration} from creation. */
        public Builder lease(String holder, Duration duration) {
            this.leaseHolder = holder;
            this.leaseDuration = duration;
            return this;
        }

        /**
         * The new task.
         *
         * @throws IllegalArgumentException for an invalid id, ttl, interval or lease
         */
        public NewTask build() {
            return new NewTask(taskId, owner, request, ttl, pollInterval, statusMessage, leaseHolder, leaseDuration);
        }
    }
}
