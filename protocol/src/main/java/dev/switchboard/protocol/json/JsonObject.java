package dev.switchboard.protocol.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON object. Member order is kept as written (so a round trip reproduces the input), and the
 * map is immutable. Build one with {@link #builder()} or {@link #of}.
 */
public final class JsonObject implements Json {
    /** The empty object {@code {}}. */
    public static final JsonObject EMPTY = new JsonObject(Map.of());

    private final Map<String, Json> members;

    private JsonObject(Map<String, Json> owned) {
        this.members = owned;
    }

    /** Copies {@code members}, keeping their order; neither keys nor values may be Java null. */
    public static JsonObject copyOf(Map<String, ? extends Json> members) {
        if (members.isEmpty()) {
            return EMPTY;
        }
        LinkedHashMap<String, Json> copy = new LinkedHashMap<>(members);
        copy.forEach((k, v) -> Objects.requireNonNull(v, () -> "value of member " + k));
        return new JsonObject(Collections.unmodifiableMap(copy));
    }

    /** The members in wire order; unmodifiable. */
    public Map<String, Json> members() {
        return members;
    }

    /** An object with one member. */
    public static JsonObject of(String k1, Json v1) {
        return builder().put(k1, v1).build();
    }

    /** An object with two members, in order. */
    public static JsonObject of(String k1, Json v1, String k2, Json v2) {
        return builder().put(k1, v1).put(k2, v2).build();
    }

    /** An object with three members, in order. */
    public static JsonObject of(String k1, Json v1, String k2, Json v2, String k3, Json v3) {
        return builder().put(k1, v1).put(k2, v2).put(k3, v3).build();
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this object's members. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.members.putAll(members);
        return b;
    }

    /** The member named {@code name}, or {@code null} when absent. */
    public Json get(String name) {
        return members.get(name);
    }

    /** True when the member is present (even if its value is JSON null). */
    public boolean has(String name) {
        return members.containsKey(name);
    }

    /** The member as a string, or {@code null} when absent or not a string. */
    public String getString(String name) {
        return members.get(name) instanceof JsonString s ? s.value() : null;
    }

    /** The member as an object, or {@code null} when absent or not an object. */
    public JsonObject getObject(String name) {
        return members.get(name) instanceof JsonObject o ? o : null;
    }

    /** Number of members. */
    public int size() {
        return members.size();
    }

    /** True for {@code {}}. */
    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** A copy with {@code name} set to {@code value} (replacing any previous value in place). */
    public JsonObject with(String name, Json value) {
        return toBuilder().put(name, value).build();
    }

    /** A copy without {@code name}. */
    public JsonObject without(String name) {
        if (!has(name)) {
            return this;
        }
        Builder b = toBuilder();
        b.members.remove(name);
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject other && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return JsonText.write(this);
    }

    /** Builds a {@link JsonObject}; not thread-safe, single use. */
    public static final class Builder {
        private final LinkedHashMap<String, Json> members = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets a member; a Java-null value is skipped (optional fields are omitted, not null). */
        public Builder put(String name, Json value) {
            if (value != null) {
                members.put(Objects.requireNonNull(name, "name"), value);
            }
            return this;
        }

        /** Sets a string member; skipped when {@code value} is null. */
        public Builder put(String name, String value) {
            return value == null ? this : put(name, new JsonString(value));
        }

        /** Sets an integral member. */
        public Builder put(String name, long value) {
            return put(name, JsonNumber.of(value));
        }

        /** Sets a boolean member. */
        public Builder put(String name, boolean value) {
            return put(name, JsonBoolean.of(value));
        }

        /** Sets an optional integral member; skipped when null. */
        public Builder put(String name, Long value) {
            return value == null ? this : put(name, JsonNumber.of(value));
        }

        /** Sets an optional integral member; skipped when null. */
        public Builder put(String name, Integer value) {
            return value == null ? this : put(name, JsonNumber.of(value));
        }

        /** Sets an optional floating member; skipped when null. */
        public Builder put(String name, Double value) {
            return value == null ? this : put(name, JsonNumber.of(value));
        }

        /** Sets an optional boolean member; skipped when null. */
        public Builder put(String name, Boolean value) {
            return value == null ? this : put(name, JsonBoolean.of(value));
        }

        /** Copies every member of {@code other} (later values win). */
        public Builder putAll(JsonObject other) {
            if (other != null) {
                members.putAll(other.members());
            }
            return this;
        }

        /** Removes a member. */
        public Builder remove(String name) {
            members.remove(name);
            return this;
        }

        /** True when {@code name} was set. */
        public boolean has(String name) {
            return members.containsKey(name);
        }

        /** The object; the builder must not be used afterwards. */
        public JsonObject build() {
            return members.isEmpty() ? EMPTY : new JsonObject(Collections.unmodifiableMap(members));
        }
    }
}
