package dev.switchboard.state.redis;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * {@link KeyValue} and {@link Counters} on Redis, shared by every instance connected to it.
 *
 * <p>Layout: every key is the namespace followed by the caller's key. A value is a string holding
 * its compact JSON text (via {@link Wire}), a set is a Redis set, a counter an integer string,
 * a mark the string {@code 1}; each carries a {@code PEXPIRE} time to live, so Redis itself does
 * the expiry and nothing outlives its TTL even if every instance dies.
 *
 * <p>Atomicity: {@code put} is one {@code SET … PX}, {@code mark} and {@code putIfAbsent} one
 * {@code SET … NX PX} (exactly one caller sees first use); {@code compareAndSet} and
 * {@code compareAndDelete} are Lua scripts comparing the stored text. {@code increment} and
 * {@code addToSet} run as Lua scripts, so the value and its TTL change together: a counter's window starts at its first increment and later
 * increments do not stretch it; a set's TTL is renewed by every add. No {@code MULTI}, which would
 * not be safe on the connection that every thread shares.
 *
 * <p>Every method blocks for at most the configured timeout and throws
 * {@link StateUnavailableException} when Redis is down or does not answer. Thread-safe.
 */
public final class RedisStore implements KeyValue, Counters {
    /** Longest TTL sent to Redis: it refuses expiry instants that overflow, so "forever" is capped. */
    private static final long MAX_TTL_MS = Long.MAX_VALUE / 4;

    private static final LuaScript INCREMENT = new LuaScript("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            return n
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
    public long increment(String key, Duration window) {
        long ms = millis(window);
        Long n = run(INCREMENT, "INCR", k(key), Long.toString(ms));
        return n;
    }

    @Override
    public long count(String key) {
        String text = failures.call("GET", () -> redis.get(k(key)));
        if (text == null) {
            return 0;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the value under a key in namespace " + namespace + " is not a counter", e);
        }
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
