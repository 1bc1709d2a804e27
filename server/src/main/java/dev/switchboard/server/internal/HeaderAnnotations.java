package dev.switchboard.server.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.server.HeaderBinding;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds and checks the {@code x-mcp-header} annotations of a tool's input schema at registration,
 * so a tool that clients would drop for a bad annotation is refused when the server is built.
 */
public final class HeaderAnnotations {
    private static final String KEY = "x-mcp-header";
    private static final String TCHAR = "!#$%&'*+-.^_`|~";

    private HeaderAnnotations() {
    }

    /**
     * The bindings of {@code inputSchema}.
     *
     * @throws IllegalArgumentException naming the property whose annotation is invalid
     */
    public static List<HeaderBinding> of(String tool, JsonObject inputSchema) {
        List<HeaderBinding> out = new ArrayList<>();
        collect(tool, inputSchema, new ArrayList<>(), out, true);
        Set<String> seen = new HashSet<>();
        for (HeaderBinding b : out) {
            if (!seen.add(b.header().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("tool " + tool + ": x-mcp-header \"" + b.header()
                        + "\" is used twice (names are compared case-insensitively)");
            }
        }
        return List.copyOf(out);
    }

    private static void collect(String tool, JsonObject schema, List<String> path, List<HeaderBinding> out, boolean reachable) {
        Json annotation = schema.get(KEY);
        if (annotation != null) {
            String where = "tool " + tool + ", property " + (path.isEmpty() ? "(root)" : String.join(".", path));
            if (!reachable || path.isEmpty()) {
                throw new IllegalArgumentException(where + ": x-mcp-header is only allowed on properties reached "
                        + "from the root through \"properties\"");
            }
            if (!(annotation instanceof JsonString name) || !isToken(name.value())) {
                throw new IllegalArgumentException(where + ": x-mcp-header must be a non-empty HTTP token, got " + annotation);
            }
            String type = schema.getString("type");
            if (!"string".equals(type) && !"integer".equals(type) && !"boolean".equals(type)) {
                throw new IllegalArgumentException(where + ": x-mcp-header is only allowed on string, integer or "
                        + "boolean properties, not " + (type == null ? "an untyped one" : type));
            }
            out.add(new HeaderBinding(name.value(), path, type));
        }
        for (var e : schema.members().entrySet()) {
            String k = e.getKey();
            if (k.equals("properties") && e.getValue() instanceof JsonObject props) {
                for (var p : props.members().entrySet()) {
                    if (p.getValue() instanceof JsonObject sub) {
                        List<String> next = new ArrayList<>(path);
                        next.add(p.getKey());
                        collect(tool, sub, next, out, reachable);
                    }
                }
            } else if (e.getValue() instanceof JsonObject sub && !k.equals("const") && !k.equals("default")
                    && !k.equals("examples") && !k.equals("enum")) {
                // anything below $defs, items, not, if/then/else... is not reachable through properties alone
                collectNested(tool, sub, out);
            } else if (e.getValue() instanceof JsonArray arr && (k.equals("anyOf") || k.equals("oneOf") || k.equals("allOf")
                    || k.equals("prefixItems"))) {
                for (Json item : arr.values()) {
                    if (item instanceof JsonObject sub) {
                        collectNested(tool, sub, out);
                    }
                }
            }
        }
    }

    private static void collectNested(String tool, JsonObject schema, List<HeaderBinding> out) {
        if (schema.members().containsKey("properties") || schema.has(KEY) || schema.size() > 0) {
            collect(tool, schema, List.of("(nested)"), out, false);
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
}
