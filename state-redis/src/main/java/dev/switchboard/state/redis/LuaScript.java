package dev.switchboard.state.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A Lua script and its SHA-1 digest (computed locally, once). Runs by digest and falls back to the
 * full text when Redis does not know the script (a new or restarted server, {@code SCRIPT FLUSH}),
 * which also loads it for next time. Callers translate failures through {@link Failures}.
 */
final class LuaScript {
    private final String text;
    private volatile String sha1;

    LuaScript(String text) {
        this.text = text;
    }

    /** Runs the script on {@code keys} with {@code args}; the result's shape follows {@code output}. */
    <T> T run(RedisCommands<String, String> redis, ScriptOutputType output, String[] keys, String... args) {
        try {
            return redis.evalsha(sha1(redis), output, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(text, output, keys, args);
        }
    }

    private String sha1(RedisCommands<String, String> redis) {
        String s = sha1;
        if (s == null) {
            s = redis.digest(text);
            sha1 = s;
        }
        return s;
    }
}
