package dev.switchboard.protocol.headers;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code x-mcp-header} annotations of a tool's {@code inputSchema} and their rules (SEP-2243):
 * a non-empty HTTP token, unique case-insensitively, only on {@code string}, {@code integer} or
 * {@code boolean} properties reached from the root through {@code properties} alone. Servers
 * refuse to register a tool that breaks them; clients drop such tools.
 */
public final class XMcpHeader {
    /** The annotation keyword. */
    public static final String KEYWORD = "x-mcp-header";
    /** Keywords whose values are data, not subschemas: an annotation-like member inside them is data. */
    private static final Set<String> DATA_KEYWORDS = Set.of("const", "default", "examples", "enum");

    private XMcpHeader() {
    }

    /**
     * The bindings of {@code inputSchema}, in schema order.
     *
     * @throws IllegalArgumentException naming the property whose annotation breaks a rule
     */
    public static List<HeaderBinding> bindings(JsonObject inputSchema) {
        List<HeaderBinding> out = new ArrayList<>();
        collect(inputSchema, new ArrayList<>(), true, out);
        Set<String> seen = new HashSet<>();
        for (HeaderBinding b : out) {
            if (!seen.add(b.header().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("x-mcp-header \"" + b.header()
                        + "\" is used twice (names are compared case-insensitively)");
            }
        }
        return List.copyOf(out);
    }

    private static void collect(JsonObject schema, List<String> path, boolean reachable, List<HeaderBinding> out) {
        Json annotation = schema.get(KEYWORD);
        if (annotation != null) {
            String where = "property " + (path.isEmpty() ? "(root)" : String.join(".", path));
            if (!reachable || path.isEmpty()) {
                throw new IllegalArgumentException(where + ": x-mcp-header is only allowed on properties reached "
                        + "from the root through \"properties\"");
            }
            if (!(annotation instanceof JsonString name) || !HeaderValues.isToken(name.value())) {
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
                        collect(sub, next, reachable, out);
                    }
                }
            } else if (DATA_KEYWORDS.contains(k)) {
                continue;
            } else if (e.getValue() instanceof JsonObject sub) {
                // anything below $defs, items, not, if/then/else... is not reachable through properties alone
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
}
