package dev.switchboard.gateway.internal;

import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.tools.Tool;

import java.util.List;
import java.util.Map;

/**
 * Everything one upstream offered when last listed: its capabilities, every page of each list,
 * and the caching hint of each list (pages combined).
 *
 * @param capabilities what it declared
 * @param tools        its tools, in its order
 * @param resources    its resources
 * @param templates    its resource templates
 * @param prompts      its prompts
 * @param hints        the caching hint of each list it has
 */
public record UpstreamCatalog(ServerCapabilities capabilities, List<Tool> tools, List<Resource> resources,
                             List<ResourceTemplate> templates, List<Prompt> prompts, Map<ListKind, CacheHints> hints) {
    /** Nothing: an upstream never reached. */
    public static final UpstreamCatalog EMPTY = new UpstreamCatalog(ServerCapabilities.EMPTY, List.of(), List.of(),
            List.of(), List.of(), Map.of());

    /** Copies the lists. */
    public UpstreamCatalog {
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        templates = List.copyOf(templates);
        prompts = List.copyOf(prompts);
        hints = Map.copyOf(hints);
    }

    /** True when it declared completions. */
    public boolean completes() {
        return capabilities.completions() != null;
    }

    /** The cacheable results a gateway combines from its upstreams'. */
    public enum ListKind {
        /** {@code server/discover}. */
        DISCOVER,
        /** {@code tools/list}. */
        TOOLS,
        /** {@code resources/list}. */
        RESOURCES,
        /** {@code resources/templates/list}. */
        TEMPLATES,
        /** {@code prompts/list}. */
        PROMPTS
    }
}
