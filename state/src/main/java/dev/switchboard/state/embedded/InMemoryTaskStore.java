package dev.switchboard.state.embedded;

import dev.switchboard.state.tasks.NewTask;
import dev.switchboard.state.tasks.TaskChange;
import dev.switchboard.state.tasks.TaskIds;
import dev.switchboard.state.tasks.TaskRecord;
import dev.switchboard.state.tasks.TaskStore;
import dev.switchboard.state.tasks.TaskUpdateResult;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded {@link TaskStore}: one process, records in a concurrent map. A change runs inside the
 * map's atomic {@code compute} for its task, so concurrent changes to one task serialise and
 * changes to different tasks do not contend. Expired tasks read as absent and are swept on writes.
 *
 * <p>Records live as long as the process: use the Redis backend when tasks must survive a restart
 * or when several instances serve one deployment. {@link #expiredLeases} scans every task, which
 * is fine at the scale of one process.
 */
public final class InMemoryTaskStore implements TaskStore {
    private static final int SWEEP_EVERY = 1024;

    private final Clock clock;
    private final Map<String, TaskRecord> tasks = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();

    /** A store on the system clock. */
    public InMemoryTaskStore() {
        this(Clock.systemUTC());
    }

    /** A store on {@code clock} (tests: leases and time to live follow it). */
    public InMemoryTaskStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    @Override
    public TaskRecord create(NewTask task) {
        Objects.requireNonNull(task, "task");
        String id = task.taskId() != null ? task.taskId() : TaskIds.newId();
        TaskRecord record = task.toRecord(id, now());
        TaskRecord[] clash = {null};
        tasks.compute(id, (k, old) -> {
            if (old != null && !old.isExpired(now())) {
                clash[0] = old;
                return old;
            }
            return record;
        });
        if (clash[0] != null) {
            throw new IllegalStateException("a task with this id already exists");
        }
        wrote();
        return record;
    }

    @Override
    public TaskRecord get(String owner, String taskId) {
        Objects.requireNonNull(owner, "owner");
        TaskRecord r = taskId == null ? null : tasks.get(taskId);
        if (r == null || !r.owner().equals(owner)) {
            return null;
        }
        if (r.isExpired(now())) {
            tasks.remove(taskId, r);
            return null;
        }
        return r;
    }

    @Override
    public TaskUpdateResult update(String owner, String taskId, TaskChange change) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(change, "change");
        TaskUpdateResult[] out = {null};
        tasks.computeIfPresent(taskId, (k, current) -> {
            Instant now = now();
            if (current.isExpired(now)) {
                return null;
            }
            if (!current.owner().equals(owner)) {
                return current;
            }
            TaskUpdateResult result = change.apply(taskId, current, now);
            out[0] = result;
            return result instanceof TaskUpdateResult.Updated u ? u.task() : current;
        });
        if (out[0] instanceof TaskUpdateResult.Updated u && u.changed()) {
            wrote();
        }
        return out[0] != null ? out[0] : new TaskUpdateResult.NotFound(taskId);
    }

    @Override
    public boolean delete(String owner, String taskId) {
        Objects.requireNonNull(owner, "owner");
        boolean[] removed = {false};
        tasks.computeIfPresent(taskId, (k, current) -> {
            if (!current.owner().equals(owner)) {
                return current;
            }
            removed[0] = !current.isExpired(now());
            return null;
        });
        return removed[0];
    }

    @Override
    public List<TaskRecord> expiredLeases(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        Instant now = now();
        return tasks.values().stream()
                .filter(r -> !r.isExpired(now) && r.lease() != null && !r.lease().isLive(now))
                .sorted(Comparator.comparing((TaskRecord r) -> r.lease().expiresAt()))
                .limit(limit)
                .toList();
    }

    /** Number of live tasks (for tests and metrics). */
    public int size() {
        Instant now = now();
        return (int) tasks.values().stream().filter(r -> !r.isExpired(now)).count();
    }

    private void wrote() {
        if (writes.incrementAndGet() % SWEEP_EVERY == 0) {
            Instant now = now();
            tasks.values().removeIf(r -> r.isExpired(now));
        }
    }
}
