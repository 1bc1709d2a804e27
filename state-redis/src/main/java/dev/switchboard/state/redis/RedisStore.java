package dev.switchboard.state.redis;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.kv.Acquisition;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.KeyValue;
import dev.switchboard.state.kv.SlidingWindow;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link KeyValue} and {@link Counters} on Redis, shared by every instance connected to it.
 *
 * <p>Layout: every key is the namespace followed by the caller's key. A value is a string holding
 * its compact JSON text (via {@link Wire}), a set is a Redis set, a sliding window's state a hash
 * ({@code i} the window index, {@code p} and {@code c} the previous and current counts), a mark
 * the string {@code 1}; each carries a {@code PEXPIRE} time to live, so Redis itself does the
 * expiry and nothing outlives its TTL even if every instance dies.
 *
 * <p>Atomicity: {@code put} is one {@code SET … PX}, {@code mark} and {@code putIfAbsent} one
 * {@code SET … NX PX} (exactly one caller sees first use); {@code compareAndSet} and
 * {@code compareAndDelete} are Lua scripts comparing the stored text. {@code acquire} is one Lua
 * script for all its keys (one round trip): it reads every window, counts in all of them only if
 * all have room, and renews their TTL to two windows. {@code addToSet} is a script too, so the
 * set and its TTL change together (every add renews it). No {@code MULTI}, which would not be
 * safe on the connection that every thread shares.
 *
 * <p>Every method blocks for at most the configured timeout and throws
 * {@link StateUnavailableException} when Redis is down or does not answer. Thread-safe.
 */
public final class RedisStore implements KeyValue, Counters {
    /** Longest TTL sent to Redis: it refuses expiry instants that overflow, so "forever" is capped. */
    private static final long MAX_TTL_MS = Long.MAX_VALUE / 4;

    /**
     * {@link SlidingWindow#at} and its fit test for every key, then one more counted in each only
     * if all fit. Per key, ARGV holds now's window index, the ms elapsed in it, the window in ms,
     * the permits and the TTL (two windows). Returns 1 or 0 (counted), then each key's window
     * index and previous and current counts as found. Products stay within 2^53 (SlidingWindow's
     * bound), so Lua's doubles compute them exactly. The index is stored as the text it came in.
     */
    private static final LuaScript ACQUIRE = new LuaScript("""
            local found = {}
            local all = true
            for n, key in ipairs(KEYS) do
              local a = (n - 1) * 5
              local index, elapsed = ARGV[a + 1], tonumber(ARGV[a + 2])
              local w, permits = tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
              local stored = redis.call('HMGET', key, 'i', 'p', 'c')
              local i, now, p, c = tonumber(stored[1]), tonumber(index), 0, 0
              if i == now - 1 then
                p = tonumber(stored[3])
              elseif i ~= nil and i >= now then
                if i > now then
                  index, elapsed = stored[1], 0
                end
                p, c = tonumber(stored[2]), tonumber(stored[3])
              end
              all = all and c < permits and p * (w - elapsed) <= (permits - c - 1) * w
              found[n] = {index, p, c}
            end
            local reply = {all and 1 or 0}
            for n, key in ipairs(KEYS) do
              local f = found[n]
              if all then
                redis.call('HSET', key, 'i', f[1], 'p', f[2], 'c', f[3] + 1)
                redis.call('PEXPIRE', key, ARGV[(n - 1) * 5 + 5])
              end
              table.insert(reply, tonumber(f[1]))
              table.insert(reply, f[2])
              table.insert(reply, f[3])
            end
            return reply
            """);

    private static final LuaScript ADD_TO_SET = new LuaScript("""
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """);

    // values are compared as stored: the compact JSON text, which Wire writes the same for equal objects
    private static final LuaScript COMPARE_AND_SET = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
            """);

    private static final LuaScript COMPARE_AND_DELETE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private final RedisCommands<String, String> redis;
    private final String namespace;
    private final Failures failures;

    RedisStore(RedisCommands<String, String> redis, String namespace, Failures failures) {
        this.redis = redis;
        this.namespace = namespace;
        this.failures = failures;
    }

    private String k(String key) {
        return namespace + Objects.requireNonNull(key, "key");
    }

    /** A TTL in whole milliseconds as Redis takes it: positive, rounded up, capped. */
    static long millis(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        if (ttl.compareTo(Duration.ofMillis(MAX_TTL_MS)) >= 0) {
            return MAX_TTL_MS;
        }
        long ms = ttl.toMillis();
        return ttl.equals(Duration.ofMillis(ms)) ? ms : ms + 1;
    }

    @Override
    public JsonObject get(String key) {
        String text = failures.call("GET", () -> redis.get(k(key)));
        if (text == null) {
            return null;
        }
        Json json = Wire.parse(text);
        if (!(json instanceof JsonObject o)) {
            throw new IllegalStateException("the value under a key in namespace " + namespace + " is a JSON " + json.kind() + ", not an object");
        }
        return o;
    }

    @Override
    public void put(String key, JsonObject value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        long ms = millis(ttl);
        String text = Wire.toText(value);
        failures.call("SET", () -> redis.set(k(key), text, SetArgs.Builder.px(ms)));
    }

    @Override
    public void delete(String key) {
        failures.call("DEL", () -> redis.del(k(key)));
    }

    @Override
    public boolean putIfAbsent(String key, JsonObject value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        long ms = millis(ttl);
        String text = Wire.toText(value);
        return "OK".equals(failures.call("SET NX", () -> redis.set(k(key), text, SetArgs.Builder.nx().px(ms))));
    }

    @Override
    public boolean compareAndSet(String key, JsonObject expected, JsonObject value, Duration ttl) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        long ms = millis(ttl);
        Long n = run(COMPARE_AND_SET, "SET (compare)", k(key), Wire.toText(expected), Wire.toText(value), Long.toString(ms));
        return n == 1;
    }

    @Override
    public boolean compareAndDelete(String key, JsonObject expected) {
        Objects.requireNonNull(expected, "expected");
        Long n = run(COMPARE_AND_DELETE, "DEL (compare)", k(key), Wire.toText(expected));
        return n == 1;
    }

    @Override
    public void addToSet(String key, String member, Duration ttl) {
        Objects.requireNonNull(member, "member");
        long ms = millis(ttl);
        run(ADD_TO_SET, "SADD", k(key), member, Long.toString(ms));
    }

    @Override
    public void removeFromSet(String key, String member) {
        Objects.requireNonNull(member, "member");
        failures.call("SREM", () -> redis.srem(k(key), member));
    }

    @Override
    public Set<String> members(String key) {
        return Set.copyOf(failures.call("SMEMBERS", () -> redis.smembers(k(key))));
    }

    @Override
    public Acquisition acquire(Map<String, SlidingWindow> windows, long nowMillis) {
        if (windows.isEmpty()) {
            return new Acquisition(true, Map.of());
        }
        String[] keys = new String[windows.size()];
        String[] args = new String[windows.size() * 5];
        int n = 0;
        for (Map.Entry<String, SlidingWindow> e : windows.entrySet()) {
            SlidingWindow w = e.getValue();
            long index = w.index(nowMillis);
            keys[n] = k(e.getKey());
            args[n * 5] = Long.toString(index);
            args[n * 5 + 1] = Long.toString(nowMillis - index * w.windowMs());
            args[n * 5 + 2] = Long.toString(w.windowMs());
            args[n * 5 + 3] = Long.toString(w.permits());
            args[n * 5 + 4] = Long.toString(millis(w.window().multipliedBy(2)));
            n++;
        }
        List<Object> reply = failures.call("EVALSHA (sliding window)", () -> ACQUIRE.run(redis, ScriptOutputType.MULTI, keys, args));
        Map<String, Acquisition.Count> counts = new LinkedHashMap<>();
        n = 0;
        for (Map.Entry<String, SlidingWindow> e : windows.entrySet()) {
            SlidingWindow.State state = new SlidingWindow.State(
                    (Long) reply.get(1 + n * 3), (Long) reply.get(2 + n * 3), (Long) reply.get(3 + n * 3));
            counts.put(e.getKey(), e.getValue().look(state, nowMillis));
            n++;
        }
        return new Acquisition((Long) reply.get(0) == 1, counts);
    }

    @Override
    public boolean mark(String key, Duration ttl) {
        long ms = millis(ttl);
        return "OK".equals(failures.call("SET NX", () -> redis.set(k(key), "1", SetArgs.Builder.nx().px(ms))));
    }

    @Override
    public boolean isMarked(String key) {
        return failures.call("EXISTS", () -> redis.exists(k(key))) > 0;
    }

    private <T> T run(LuaScript script, String operation, String key, String... args) {
        String[] keys = {key};
        return failures.call(operation, () -> script.run(redis, ScriptOutputType.INTEGER, keys, args));
    }
}
