package dev.switchboard.client.internal;

import dev.switchboard.protocol.headers.HeaderBinding;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the last {@code tools/list} said about {@code x-mcp-header}: the bindings of every tool
 * seen, so {@code tools/call} can mirror arguments into {@code Mcp-Param-*} headers. Tools with
 * invalid annotations are dropped from list results with a warning naming the tool, as SEP-2243
 * tells clients to. Thread-safe.
 */
public final class ToolHeaders {
    private static final System.Logger LOG = System.getLogger(ToolHeaders.class.getName());

    private final Map<String, List<HeaderBinding>> bindings = new ConcurrentHashMap<>();

    /** Knows no tools yet. */
    public ToolHeaders() {
    }

    /**
     * Records the bindings of a page of tools and returns the page without the tools whose
     * annotations are invalid.
     */
    public ListToolsResult accept(ListToolsResult page) {
        List<Tool> kept = new ArrayList<>(page.tools().size());
        for (Tool t : page.tools()) {
            try {
                bindings.put(t.name(), ParamHeaders.bindings(t.inputSchema()));
                kept.add(t);
            } catch (ParamHeaders.InvalidAnnotation e) {
                bindings.remove(t.name());
                LOG.log(System.Logger.Level.WARNING, "Ignoring tool \"" + t.name() + "\" listed by the server: "
                        + e.getMessage());
            }
        }
        if (kept.size() == page.tools().size()) {
            return page;
        }
        return new ListToolsResult(kept, page.nextCursor(), page.ttlMs(), page.cacheScope(), page.meta());
    }

    /** The {@code Mcp-Param-*} headers for a call of {@code tool}; empty for tools never listed. */
    public Map<String, String> headersFor(String tool, JsonObject arguments) {
        List<HeaderBinding> b = tool == null ? null : bindings.get(tool);
        return b == null || b.isEmpty() || arguments == null ? Map.of() : ParamHeaders.headers(b, arguments);
    }
}
