package dev.switchboard.protocol.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** A JSON array; the list is immutable. */
public record JsonArray(List<Json> values) implements Json {
    /** The empty array. */
    public static final JsonArray EMPTY = new JsonArray(List.of());

    /** Copies {@code values} (which must not contain Java nulls). */
    public JsonArray {
        values = List.copyOf(values);
    }

    /** An array of the given values. */
    public static JsonArray of(Json... values) {
        return new JsonArray(List.of(values));
    }

    /** An array of JSON strings. */
    public static JsonArray ofStrings(Collection<String> strings) {
        List<Json> out = new ArrayList<>(strings.size());
        for (String s : strings) {
            out.add(new JsonString(Objects.requireNonNull(s)));
        }
        return new JsonArray(out);
    }

    /** Number of elements. */
    public int size() {
        return values.size();
    }

    /** Element {@code i}. */
    public Json get(int i) {
        return values.get(i);
    }

    @Override
    public String toString() {
        return JsonText.write(this);
    }
}
