package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Reads the members of one JSON object for a type codec, naming the path of any member at fault.
 * Optional members that are absent or JSON null read as Java null.
 */
public final class Fields {
    private final JsonObject object;
    private final String path;

    private Fields(JsonObject object, String path) {
        this.object = object;
        this.path = path;
    }

    /** Wraps {@code json}, which must be an object. */
    public static Fields of(Json json, String path) {
        if (json instanceof JsonObject o) {
            return new Fields(o, path);
        }
        throw new DecodeException(path, "expected object, got " + (json == null ? "nothing" : json.kind()));
    }

    /** The wrapped object. */
    public JsonObject object() {
        return object;
    }

    /** The path of member {@code name}, for nested decoding. */
    public String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private Json present(String name) {
        Json v = object.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** A required string member. */
    public String string(String name) {
        String s = optString(name);
        if (s == null) {
            throw new DecodeException(path(name), "required string is missing");
        }
        return s;
    }

    /** An optional string member. */
    public String optString(String name) {
        Json v = present(name);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.value();
        }
        throw new DecodeException(path(name), "expected string, got " + v.kind());
    }

    /** An optional number member. */
    public JsonNumber optNumber(String name) {
        Json v = present(name);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonNumber n) {
            return n;
        }
        throw new DecodeException(path(name), "expected number, got " + v.kind());
    }

    /** A required number member. */
    public JsonNumber number(String name) {
        JsonNumber n = optNumber(name);
        if (n == null) {
            throw new DecodeException(path(name), "required number is missing");
        }
        return n;
    }

    /** An optional integer member (must be integral and fit a long). */
    public Long optLong(String name) {
        JsonNumber n = optNumber(name);
        if (n == null) {
            return null;
        }
        if (!n.isIntegral() || !n.fitsLong()) {
            throw new DecodeException(path(name), "expected integer, got " + n);
        }
        return n.longValue();
    }

    /** A required integer member. */
    public long longValue(String name) {
        Long l = optLong(name);
        if (l == null) {
            throw new DecodeException(path(name), "required integer is missing");
        }
        return l;
    }

    /** An optional floating-point member. */
    public Double optDouble(String name) {
        JsonNumber n = optNumber(name);
        return n == null ? null : n.doubleValue();
    }

    /** An optional boolean member. */
    public Boolean optBoolean(String name) {
        Json v = present(name);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonBoolean b) {
            return b.value();
        }
        throw new DecodeException(path(name), "expected boolean, got " + v.kind());
    }

    /** An optional object member. */
    public JsonObject optObject(String name) {
        Json v = present(name);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonObject o) {
            return o;
        }
        throw new DecodeException(path(name), "expected object, got " + v.kind());
    }

    /** A required object member. */
    public JsonObject object(String name) {
        JsonObject o = optObject(name);
        if (o == null) {
            throw new DecodeException(path(name), "required object is missing");
        }
        return o;
    }

    /** The {@code _meta} member, or null. */
    public JsonObject meta() {
        return optObject("_meta");
    }

    /** Any member, raw (JSON null included), or Java null when absent. */
    public Json raw(String name) {
        return object.get(name);
    }

    /** An optional member decoded by {@code decoder(json, path)}. */
    public <T> T opt(String name, BiFunction<Json, String, T> decoder) {
        Json v = present(name);
        return v == null ? null : decoder.apply(v, path(name));
    }

    /** A required member decoded by {@code decoder(json, path)}. */
    public <T> T required(String name, BiFunction<Json, String, T> decoder) {
        Json v = present(name);
        if (v == null) {
            throw new DecodeException(path(name), "required member is missing");
        }
        return decoder.apply(v, path(name));
    }

    /** An optional array member, each element decoded; null when absent. */
    public <T> List<T> optList(String name, BiFunction<Json, String, T> decoder) {
        Json v = present(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonArray a)) {
            throw new DecodeException(path(name), "expected array, got " + v.kind());
        }
        List<T> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(decoder.apply(a.get(i), path(name) + "[" + i + "]"));
        }
        return Collections.unmodifiableList(out);
    }

    /** A required array member. */
    public <T> List<T> list(String name, BiFunction<Json, String, T> decoder) {
        List<T> l = optList(name, decoder);
        if (l == null) {
            throw new DecodeException(path(name), "required array is missing");
        }
        return l;
    }

    /** An optional array of strings. */
    public List<String> optStrings(String name) {
        return optList(name, Fields::asString);
    }

    /** An optional object member whose values are decoded; null when absent. Order is kept. */
    public <T> Map<String, T> optMap(String name, BiFunction<Json, String, T> decoder) {
        JsonObject o = optObject(name);
        if (o == null) {
            return null;
        }
        Map<String, T> out = new LinkedHashMap<>();
        o.members().forEach((k, v) -> out.put(k, decoder.apply(v, path(name) + "." + k)));
        return Collections.unmodifiableMap(out);
    }

    /** Decodes a string element. */
    public static String asString(Json json, String path) {
        if (json instanceof JsonString s) {
            return s.value();
        }
        throw new DecodeException(path, "expected string, got " + json.kind());
    }

    /** Decodes an object element as itself. */
    public static JsonObject asObject(Json json, String path) {
        if (json instanceof JsonObject o) {
            return o;
        }
        throw new DecodeException(path, "expected object, got " + json.kind());
    }
}
