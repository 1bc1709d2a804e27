package dev.switchboard.state.redis;

import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.tasks.NewTask;
import dev.switchboard.state.tasks.TaskChange;
import dev.switchboard.state.tasks.TaskIds;
import dev.switchboard.state.tasks.TaskRecord;
import dev.switchboard.state.tasks.TaskStore;
import dev.switchboard.state.tasks.TaskUpdateResult;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link TaskStore} on Redis, shared by every instance connected to it.
 *
 * <p><b>Layout.</b> A task is the hash {@code <namespace>task:<id>} (fields in the module README);
 * the sorted set {@code <namespace>tasks:leases} holds the id of every task with an executor lease,
 * scored by the lease's expiry in epoch milliseconds, so {@link #expiredLeases} is one range query.
 * A task with a time to live carries {@code PEXPIREAT createdAt + ttl}: Redis deletes it at that
 * instant even if every instance is gone, and reads it as absent from then on (never before).
 *
 * <p><b>Atomicity.</b> A change is read, {@linkplain TaskChange#apply applied} in Java (the one
 * implementation of the semantics), and written back by a Lua script only if the hash still has the
 * version that was read (compare-and-set), together with its expiry and its lease-index entry; a
 * lost race reads again and re-applies, so of two instances finishing a task exactly one wins and
 * the other sees the winner's record. The clock is Redis's ({@code TIME}, read with the record), so
 * leases and timestamps agree across instances whatever their own clocks say.
 *
 * <p><b>Durability.</b> A write returns once Redis has applied it; surviving a Redis restart needs
 * Redis's append-only file ({@code appendonly yes}; {@code appendfsync everysec} loses at most about
 * a second on a power cut, {@code always} nothing).
 *
 * <p>Every method blocks for at most the configured timeout per round trip and throws
 * {@link StateUnavailableException} when Redis is down. Standalone Redis or Valkey (the scripts
 * touch keys they compute, so not Redis Cluster). Thread-safe.
 */
public final class RedisTaskStore implements TaskStore {
    /** Read attempts of one update under contention before giving up; each lost race means another change won. */
    private static final int MAX_ATTEMPTS = 1000;

    /** {@code TIME} and the hash, in one round trip: {sec, usec, field, value, ...}. */
    private static final LuaScript READ = new LuaScript("""
            local t = redis.call('TIME')
            local h = redis.call('HGETALL', KEYS[1])
            table.insert(h, 1, t[2])
            table.insert(h, 1, t[1])
            return h
            """);

    /**
     * Compare-and-set of a whole record. ARGV: expected version ('0': the task must not exist),
     * expiry in epoch ms or '', lease expiry in epoch ms or '' (none), task id, then field/value pairs.
     */
    private static final LuaScript WRITE = new LuaScript("""
            if ARGV[1] == '0' then
              if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            elseif redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then
              return 0
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 5))
            if ARGV[2] ~= '' then redis.call('PEXPIREAT', KEYS[1], ARGV[2]) end
            if ARGV[3] ~= '' then
              redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
            else
              redis.call('ZREM', KEYS[2], ARGV[4])
            end
            return 1
            """);

    /** Deletes a task of the owner in ARGV[1]; ARGV[2] is its id. */
    private static final LuaScript DELETE = new LuaScript("""
            if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[2])
            return 1
            """);

    /**
     * Ids in the lease index whose lease ran out, at most ARGV[1]; ARGV[2] is the task key prefix.
     * Entries of tasks that expired meanwhile are dropped from the index. Returns {now, id, ...}.
     */
    private static final LuaScript EXPIRED = new LuaScript("""
            local t = redis.call('TIME')
            local now = string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
            local out = {now}
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
            for _, id in ipairs(ids) do
              if redis.call('EXISTS', ARGV[2] .. id) == 1 then
                table.insert(out, id)
              else
                redis.call('ZREM', KEYS[1], id)
              end
            end
            return out
            """);

    private final RedisCommands<String, String> redis;
    private final String taskPrefix;
    private final String leases;
    private final Failures failures;

    RedisTaskStore(RedisCommands<String, String> redis, String namespace, Failures failures) {
        this.redis = redis;
        this.taskPrefix = namespace + "task:";
        this.leases = namespace + "tasks:leases";
        this.failures = failures;
    }

    private String key(String taskId) {
        return taskPrefix + taskId;
    }

    /** The stored record and Redis's clock at the moment it was read. */
    private record Snapshot(Instant now, TaskRecord record) {
    }

    private Snapshot read(String taskId) {
        List<Object> reply = failures.call("task read",
                () -> READ.run(redis, ScriptOutputType.MULTI, new String[] {key(taskId)}));
        Instant now = Instant.ofEpochMilli(Long.parseLong((String) reply.get(0)) * 1000 + Long.parseLong((String) reply.get(1)) / 1000);
        Map<String, String> hash = new HashMap<>();
        for (int i = 2; i + 1 < reply.size(); i += 2) {
            hash.put((String) reply.get(i), (String) reply.get(i + 1));
        }
        return new Snapshot(now, TaskFields.decode(hash));
    }

    /** Stores {@code r} if the stored version is {@code expected} (0: if there is none); true when written. */
    private boolean write(TaskRecord r, long expected) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(expected));
        args.add(r.expiresAt() == null ? "" : Long.toString(r.expiresAt().toEpochMilli()));
        args.add(r.lease() == null ? "" : Long.toString(r.lease().expiresAt().toEpochMilli()));
        args.add(r.taskId());
        args.addAll(TaskFields.encode(r));
        Long written = failures.call("task write", () -> WRITE.run(redis, ScriptOutputType.INTEGER,
                new String[] {key(r.taskId()), leases}, args.toArray(String[]::new)));
        return written == 1;
    }

    @Override
    public TaskRecord create(NewTask task) {
        Objects.requireNonNull(task, "task");
        String id = task.taskId() != null ? task.taskId() : TaskIds.newId();
        List<String> time = failures.call("TIME", redis::time);
        Instant now = Instant.ofEpochMilli(Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000);
        TaskRecord record = task.toRecord(id, now);
        if (!write(record, 0)) {
            throw new IllegalStateException("a task with this id already exists");
        }
        return record;
    }

    @Override
    public TaskRecord get(String owner, String taskId) {
        Objects.requireNonNull(owner, "owner");
        if (taskId == null) {
            return null;
        }
        TaskRecord r = TaskFields.decode(failures.call("HGETALL", () -> redis.hgetall(key(taskId))));
        return r != null && r.owner().equals(owner) ? r : null;
    }

    @Override
    public TaskUpdateResult update(String owner, String taskId, TaskChange change) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(change, "change");
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Snapshot s = read(taskId);
            if (s.record() == null || !s.record().owner().equals(owner)) {
                return new TaskUpdateResult.NotFound(taskId);
            }
            TaskUpdateResult result = change.apply(taskId, s.record(), s.now());
            if (!(result instanceof TaskUpdateResult.Updated u) || !u.changed() || write(u.task(), s.record().version())) {
                return result;
            }
            // another change won the race: apply to what it stored
        }
        throw new IllegalStateException("gave up a task update after " + MAX_ATTEMPTS + " lost races");
    }

    @Override
    public boolean delete(String owner, String taskId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(taskId, "taskId");
        Long deleted = failures.call("task delete", () -> DELETE.run(redis, ScriptOutputType.INTEGER,
                new String[] {key(taskId), leases}, owner, taskId));
        return deleted == 1;
    }

    @Override
    public List<TaskRecord> expiredLeases(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        List<Object> reply = failures.call("task leases", () -> EXPIRED.run(redis, ScriptOutputType.MULTI,
                new String[] {leases}, Integer.toString(limit), taskPrefix));
        Instant now = Instant.ofEpochMilli(Long.parseLong((String) reply.get(0)));
        List<TaskRecord> expired = new ArrayList<>();
        for (Object id : reply.subList(1, reply.size())) {
            TaskRecord r = TaskFields.decode(failures.call("HGETALL", () -> redis.hgetall(key((String) id))));
            // renewed, released or expired since the index was read: not reported
            if (r != null && r.lease() != null && !r.lease().isLive(now) && !r.isExpired(now)) {
                expired.add(r);
            }
        }
        expired.sort(Comparator.comparing((TaskRecord r) -> r.lease().expiresAt()));
        return expired;
    }
}
