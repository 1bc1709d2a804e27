package dev.switchboard.protocol.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Defensive copies for the components of the protocol records: lists and maps become immutable,
 * map order is kept (so a decoded message re-encodes in its original order), and Java nulls
 * inside a collection are refused with the member's wire name in the message.
 */
public final class Copies {
    private Copies() {
    }

    /** An immutable copy of an optional list; null stays null. */
    public static <T> List<T> list(List<T> values, String wireName) {
        if (values == null) {
            return null;
        }
        for (T v : values) {
            Objects.requireNonNull(v, () -> "null element in " + wireName);
        }
        return List.copyOf(values);
    }

    /** An immutable copy of a required list. */
    public static <T> List<T> requiredList(List<T> values, String wireName) {
        return list(Objects.requireNonNull(values, wireName), wireName);
    }

    /** An immutable, order-keeping copy of an optional map; null stays null. */
    public static <V> Map<String, V> map(Map<String, V> values, String wireName) {
        if (values == null) {
            return null;
        }
        LinkedHashMap<String, V> copy = new LinkedHashMap<>(values.size() * 2);
        values.forEach((k, v) -> copy.put(
                Objects.requireNonNull(k, () -> "null key in " + wireName),
                Objects.requireNonNull(v, () -> "null value in " + wireName + "." + k)));
        return Collections.unmodifiableMap(copy);
    }
}
