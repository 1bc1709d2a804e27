package dev.switchboard.client.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code x-mcp-header} annotations of a tool's {@code inputSchema} (SEP-2243) and the
 * {@code Mcp-Param-*} headers they ask a client to send. An annotation is valid when it is a
 * non-empty HTTP token, unique (case-insensitively), on a {@code string}, {@code integer} or
 * {@code boolean} property reached from the root through {@code properties} alone.
 */
public final class ParamHeaders {
    private static final String KEY = "x-mcp-header";
    private static final String TCHAR = "!#$%&'*+-.^_`|~";
    /** Keywords whose values are data, not subschemas: an {@code x-mcp-header} inside them is no annotation. */
    private static final Set<String> DATA_KEYWORDS = Set.of("const", "default", "examples", "enum");

    /**
     * One mirrored argument.
     *
     * @param header the header suffix, e.g. {@code Region} for {@code Mcp-Param-Region}
     * @param path   property names from the root to the argument
     */
    public record Binding(String header, List<String> path) {
    }

    /** A schema whose annotations break the rules; the message names the property. */
    public static final class InvalidAnnotation extends Exception {
        InvalidAnnotation(String message) {
            super(message);
        }
    }

    private ParamHeaders() {
    }

    /**
     * The bindings of {@code inputSchema}.
     *
     * @throws InvalidAnnotation when an annotation breaks a rule (clients drop such tools)
     */
    public static List<Binding> bindings(JsonObject inputSchema) throws InvalidAnnotation {
        List<Binding> out = new ArrayList<>();
        collect(inputSchema, new ArrayList<>(), true, out);
        Set<String> seen = new HashSet<>();
        for (Binding b : out) {
            if (!seen.add(b.header().toLowerCase(Locale.ROOT))) {
                throw new InvalidAnnotation("x-mcp-header \"" + b.header() + "\" is used twice");
            }
        }
        return List.copyOf(out);
    }

    private static void collect(JsonObject schema, List<String> path, boolean reachable, List<Binding> out)
            throws InvalidAnnotation {
        Json annotation = schema.get(KEY);
        if (annotation != null) {
            String where = "property " + (path.isEmpty() ? "(root)" : String.join(".", path));
            if (!reachable || path.isEmpty()) {
                throw new InvalidAnnotation(where + ": x-mcp-header is only allowed on properties reached through "
                        + "\"properties\" alone");
            }
            if (!(annotation instanceof JsonString name) || !isToken(name.value())) {
                throw new InvalidAnnotation(where + ": x-mcp-header must be a non-empty HTTP token, got " + annotation);
            }
            String type = schema.getString("type");
            if (!"string".equals(type) && !"integer".equals(type) && !"boolean".equals(type)) {
                throw new InvalidAnnotation(where + ": x-mcp-header is only allowed on string, integer or boolean "
                        + "properties, not " + (type == null ? "an untyped one" : type));
            }
            out.add(new Binding(name.value(), List.copyOf(path)));
        }
        for (var e : schema.members().entrySet()) {
            String k = e.getKey();
            if (k.equals("properties") && e.getValue() instanceof JsonObject props) {
                for (var p : props.members().entrySet()) {
                    if (p.getValue() instanceof JsonObject sub) {
                        List<String> next = new ArrayList<>(path);
                        next.add(p.getKey());
                        collect(sub, next, reachable, out);
                    }
                }
            } else if (DATA_KEYWORDS.contains(k)) {
                continue;
            } else if (e.getValue() instanceof JsonObject sub) {
                collect(sub, List.of("(nested under " + k + ")"), false, out);
            } else if (e.getValue() instanceof JsonArray arr) {
                for (Json item : arr.values()) {
                    if (item instanceof JsonObject sub) {
                        collect(sub, List.of("(nested under " + k + ")"), false, out);
                    }
                }
            }
        }
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TCHAR.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code Mcp-Param-*} headers for {@code arguments}: strings as-is or Base64, integers in
     * decimal, booleans as {@code true}/{@code false}; nothing for absent or null values.
     */
    public static Map<String, String> headers(List<Binding> bindings, JsonObject arguments) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Binding b : bindings) {
            String v = value(at(arguments, b.path()));
            if (v != null) {
                out.put("Mcp-Param-" + b.header(), v);
            }
        }
        return out;
    }

    private static String value(Json json) {
        return switch (json) {
            case null -> null;
            case JsonString s -> HeaderValues.encode(s.value());
            case JsonNumber n -> n.fitsLong() ? Long.toString(n.longValue())
                    : n.isIntegral() ? n.decimalValue().stripTrailingZeros().toPlainString() : n.decimalValue().toPlainString();
            case JsonBoolean b -> Boolean.toString(b.value());
            default -> null; // null, or a value of the wrong type: the server will say so
        };
    }

    private static Json at(JsonObject args, List<String> path) {
        Json cur = args;
        for (String p : path) {
            if (!(cur instanceof JsonObject o)) {
                return null;
            }
            cur = o.get(p);
        }
        return cur;
    }
}
