package dev.switchboard.state.audit;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The one byte sequence a JSON value hashes as: equal values (in the {@link Json} sense) always give
 * the same bytes, whatever their member order or number spelling on the wire. Modelled on RFC 8785
 * (JCS) except for numbers, which JCS writes as IEEE doubles and we keep exact:
 *
 * <ul>
 *   <li>no whitespace; object members sorted by name in UTF-16 code-unit order (as JCS);</li>
 *   <li>strings escape only {@code "} and {@code \}, {@code \b \f \n \r \t} by their short forms and
 *       the other control characters as lowercase <code>&#92;u00xx</code>; everything else is literal UTF-8;</li>
 *   <li>integers that fit a long in plain decimal ({@code 42}, never {@code 42.0}); any other number
 *       as its exact value without trailing zeros, in {@link java.math.BigDecimal#toString()} form
 *       (e.g. {@code 0.1}, {@code 1E-300}, {@code 1.2345678901234567890123456789E+29});</li>
 *   <li>{@code true}, {@code false}, {@code null}.</li>
 * </ul>
 *
 * A string holding a lone surrogate has no UTF-8 form, would not survive a trip through a file, and
 * is refused. Thread-safe.
 */
public final class CanonicalJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /**
     * The canonical UTF-8 bytes of {@code json}.
     *
     * @throws IllegalArgumentException when a string (or member name) holds a lone surrogate
     */
    public static byte[] encode(Json json) {
        return toText(json).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical text of {@code json}; see {@link #encode}. */
    public static String toText(Json json) {
        StringBuilder sb = new StringBuilder(128);
        write(json, sb);
        return sb.toString();
    }

    /** Appends the canonical text of {@code json} to {@code sb}; see {@link #encode}. */
    static void write(Json json, StringBuilder sb) {
        switch (json) {
            case JsonObject o -> {
                Map<String, Json> members = o.members();
                String[] names = members.keySet().toArray(new String[0]); // names alone: no entry copies
                Arrays.sort(names); // String order is UTF-16 code-unit order
                sb.append('{');
                for (int i = 0; i < names.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    quote(names[i], sb);
                    sb.append(':');
                    write(members.get(names[i]), sb);
                }
                sb.append('}');
            }
            case JsonArray a -> {
                sb.append('[');
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(a.get(i), sb);
                }
                sb.append(']');
            }
            case JsonString s -> quote(s.value(), sb);
            case JsonNumber n -> sb.append(n.fitsLong() ? Long.toString(n.longValue()) : n.decimalValue().stripTrailingZeros().toString());
            case JsonBoolean b -> sb.append(b);
            case JsonNull n -> sb.append("null");
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        int plain = 0; // most strings need no escape: their leading run is copied at once
        while (plain < s.length()) {
            char c = s.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                break;
            }
            plain++;
        }
        sb.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("a string holds a lone surrogate (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                                + ") at index " + i + ": it has no UTF-8 form");
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
