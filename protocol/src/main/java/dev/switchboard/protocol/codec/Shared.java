package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Wire details shared by the area codecs: {@code _meta}, {@code resultType}, caching hints, enums, arrays. */
final class Shared {
    static final String META = "_meta";
    static final String RESULT_TYPE = "resultType";
    static final String COMPLETE = "complete";
    static final String INPUT_REQUIRED = "input_required";
    /** Result members that 2026-07-28 added and session-era peers do not know. */
    static final List<String> MODERN_ONLY_RESULT_MEMBERS = List.of(RESULT_TYPE, "ttlMs", "cacheScope");

    private Shared() {
    }

    /** A builder for a complete result: {@code resultType} first. */
    static JsonObject.Builder completeResult() {
        return JsonObject.builder().put(RESULT_TYPE, COMPLETE);
    }

    /** Accepts an absent {@code resultType} (session-era peers) or {@code "complete"}. */
    static void requireComplete(Fields f) {
        String rt = f.optString(RESULT_TYPE);
        if (rt != null && !COMPLETE.equals(rt)) {
            throw new DecodeException(f.path(RESULT_TYPE), "expected \"complete\", got \"" + rt + "\"");
        }
    }

    /**
     * Writes the caching hints. Both go out whenever a scope is set (modern servers always set
     * one); without a scope, a non-zero {@code ttlMs} is still kept so nothing a peer sent is lost.
     */
    static void putCache(JsonObject.Builder b, long ttlMs, CacheScope scope) {
        if (scope != null || ttlMs != 0) {
            b.put("ttlMs", ttlMs);
        }
        if (scope != null) {
            b.put("cacheScope", scope.wire());
        }
    }

    /** {@code ttlMs}: absent or negative reads as 0, as the spec tells consumers. */
    static long ttlMs(Fields f) {
        Long ttl = f.optLong("ttlMs");
        return ttl == null || ttl < 0 ? 0 : ttl;
    }

    /** {@code cacheScope}, or null when absent. */
    static CacheScope cacheScope(Fields f) {
        String s = f.optString("cacheScope");
        if (s == null) {
            return null;
        }
        CacheScope scope = CacheScope.fromWire(s);
        if (scope == null) {
            throw new DecodeException(f.path("cacheScope"), "expected \"public\" or \"private\", got \"" + s + "\"");
        }
        return scope;
    }

    /** A role, strictly. */
    static Role role(Json json, String path) {
        String s = Fields.asString(json, path);
        Role r = Role.fromWire(s);
        if (r == null) {
            throw new DecodeException(path, "expected \"user\" or \"assistant\", got \"" + s + "\"");
        }
        return r;
    }

    /** An optional member of any kind; JSON null reads as absent. */
    static Json optAny(Fields f, String name) {
        Json v = f.raw(name);
        return v == null || v.isNull() ? null : v;
    }

    /** An optional integer that must fit an int. */
    static Integer optInt(Fields f, String name) {
        Long l = f.optLong(name);
        if (l == null) {
            return null;
        }
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new DecodeException(f.path(name), "integer out of range: " + l);
        }
        return l.intValue();
    }

    /** An optional object of raw values, order kept. */
    static Map<String, Json> optRawMap(Fields f, String name) {
        return f.optMap(name, (json, path) -> json);
    }

    /** An optional object of string values, order kept. */
    static Map<String, String> optStringMap(Fields f, String name) {
        return f.optMap(name, Fields::asString);
    }

    /** An array of encoded elements; null when {@code values} is null. */
    static <T> JsonArray array(List<T> values, Function<? super T, ? extends Json> encoder) {
        if (values == null) {
            return null;
        }
        List<Json> out = new ArrayList<>(values.size());
        for (T v : values) {
            out.add(encoder.apply(v));
        }
        return new JsonArray(out);
    }

    /** An array of strings; null when {@code values} is null. */
    static JsonArray strings(List<String> values) {
        return values == null ? null : JsonArray.ofStrings(values);
    }

    /** An object of encoded values, order kept; null when {@code values} is null. */
    static <V> JsonObject object(Map<String, V> values, Function<? super V, ? extends Json> encoder) {
        if (values == null) {
            return null;
        }
        JsonObject.Builder b = JsonObject.builder();
        values.forEach((k, v) -> b.put(k, encoder.apply(v)));
        return b.build();
    }

    /** An object of string values; null when {@code values} is null. */
    static JsonObject stringObject(Map<String, String> values) {
        return object(values, JsonString::new);
    }

    /** Params of a paginated list request. */
    static JsonObject paginated(String cursor, JsonObject meta) {
        return JsonObject.builder().put(META, meta).put("cursor", cursor).build();
    }

    /** A complete, cacheable page of a list. */
    static JsonObject page(String member, Json items, String nextCursor, long ttlMs, CacheScope scope,
                           JsonObject meta) {
        JsonObject.Builder b = completeResult().put(member, items).put("nextCursor", nextCursor);
        putCache(b, ttlMs, scope);
        return b.put(META, meta).build();
    }
}
