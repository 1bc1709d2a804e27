package dev.switchboard.server.internal;

import dev.switchboard.protocol.headers.HeaderBinding;
import dev.switchboard.protocol.headers.XMcpHeader;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;

/**
 * Checks a tool's {@code x-mcp-header} annotations at registration, so a tool that clients would
 * drop for a bad annotation is refused when the server is built (the rules: {@link XMcpHeader}).
 */
public final class HeaderAnnotations {
    private HeaderAnnotations() {
    }

    /**
     * The bindings of {@code inputSchema}.
     *
     * @throws IllegalArgumentException naming the tool and the property whose annotation is invalid
     */
    public static List<HeaderBinding> of(String tool, JsonObject inputSchema) {
        try {
            return XMcpHeader.bindings(inputSchema);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tool " + tool + ", " + e.getMessage(), e);
        }
    }
}
