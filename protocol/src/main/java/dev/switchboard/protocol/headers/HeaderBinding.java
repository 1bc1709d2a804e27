package dev.switchboard.protocol.headers;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;

/**
 * A tool argument mirrored into an HTTP header by an {@code x-mcp-header} annotation in the tool's
 * {@code inputSchema} (SEP-2243): the client sends {@code Mcp-Param-<header>} with the argument's
 * value, and the server checks that the two agree.
 *
 * @param header the header suffix as annotated, e.g. {@code Region} for {@code Mcp-Param-Region}
 * @param path   property names from the schema root to the argument
 * @param type   {@code string}, {@code integer} or {@code boolean}
 */
public record HeaderBinding(String header, List<String> path, String type) {
    /** Copies the path. */
    public HeaderBinding {
        path = List.copyOf(path);
    }

    /** The full header name, e.g. {@code Mcp-Param-Region}. */
    public String headerName() {
        return "Mcp-Param-" + header;
    }

    /** The argument's value in {@code arguments}, or null when it (or an object on the way) is absent. */
    public Json valueIn(JsonObject arguments) {
        Json cur = arguments;
        for (String p : path) {
            if (!(cur instanceof JsonObject o)) {
                return null;
            }
            cur = o.get(p);
        }
        return cur;
    }
}
