package dev.switchboard.server;

import java.util.List;

/**
 * A tool argument mirrored into an HTTP header by an {@code x-mcp-header} annotation in the tool's
 * {@code inputSchema}: the client sends {@code Mcp-Param-<header>} with the argument's value, and
 * the transport checks that the two agree.
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
}
