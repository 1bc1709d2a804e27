package dev.switchboard.protocol.json;

import java.util.Map;

/** Compact JSON text for {@code toString()} and diagnostics; the codec writes the wire. */
final class JsonText {
    private JsonText() {
    }

    static String write(Json json) {
        StringBuilder sb = new StringBuilder();
        write(json, sb);
        return sb.toString();
    }

    private static void write(Json json, StringBuilder sb) {
        switch (json) {
            case JsonObject o -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, Json> e : o.members().entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    quote(e.getKey(), sb);
                    sb.append(':');
                    write(e.getValue(), sb);
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
            case JsonNumber n -> sb.append(n);
            case JsonBoolean b -> sb.append(b);
            case JsonNull n -> sb.append("null");
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
