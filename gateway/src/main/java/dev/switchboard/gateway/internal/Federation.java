package dev.switchboard.gateway.internal;

import dev.switchboard.gateway.internal.UpstreamCatalog.ListKind;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.schema.JsonSchema;
import dev.switchboard.protocol.tools.Tool;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The union of the upstreams' definitions as the gateway serves them: every tool, prompt,
 * resource and template under a collision-free name (see {@link Naming}), each with the upstream
 * and original name it routes to, plus the combined caching hints and what was refused or renamed.
 * A pure function of its inputs, so every gateway instance with the same upstreams computes the
 * same names.
 *
 * <p>Rules, applied to upstreams in declaration order:
 * <ul>
 *   <li>A name goes to the first upstream that claims it; a later upstream's colliding tool or
 *       prompt is qualified by that upstream's name (and numbered if even that is taken), and a
 *       colliding URI gets the {@code <upstream>+} scheme prefix. Each is noted.</li>
 *   <li>A tool whose name is not a valid MCP tool name, whose {@code inputSchema} is not an object
 *       schema, or whose schemas do not compile is refused (noted, naming the upstream).</li>
 *   <li>An unhealthy upstream keeps its last known definitions (so names stay put, and calls to it
 *       fail with an error naming it), marked {@code "status":"unhealthy"} in
 *       {@code _meta["dev.switchboard/upstream"]}.</li>
 *   <li>A tool served though its definition is not pinned ({@code pinning: warn}) is marked
 *       {@code "pin":"changed"} or {@code "pin":"new"} there.</li>
 * </ul>
 *
 * @param tools     tools in serving order
 * @param resources resources
 * @param templates resource templates
 * @param prompts   prompts
 * @param hints     the combined caching hint of each list some upstream contributes to
 * @param notes     renames and refusals, one log line each
 */
public record Federation(List<Routed<Tool>> tools, List<Routed<Resource>> resources,
                         List<Routed<ResourceTemplate>> templates, List<Routed<Prompt>> prompts,
                         Map<ListKind, CacheHints> hints, List<String> notes) {
    /** The {@code _meta} key naming the upstream a definition comes from. */
    public static final String UPSTREAM_META = "dev.switchboard/upstream";

    /**
     * One definition as served, and where it goes.
     *
     * @param upstream  the upstream's name
     * @param original  its name (or URI, URI template) upstream
     * @param presented the definition the gateway serves
     */
    public record Routed<T>(String upstream, String original, T presented) {
    }

    /**
     * One upstream as input.
     *
     * @param name    its name
     * @param prefix  its prefix in effect
     * @param healthy false to mark its definitions
     * @param catalog what it offered last (its tools as {@link PinGate} let them through)
     * @param pinFlags tool (upstream name) to why it is served unpinned ({@code "changed"},
     *                 {@code "new"}), shown as {@code "pin"} in its upstream mark
     */
    public record Member(String name, String prefix, boolean healthy, UpstreamCatalog catalog,
                         Map<String, String> pinFlags) {
        /** Copies the flags. */
        public Member {
            pinFlags = Map.copyOf(pinFlags);
        }

        /** A member with nothing flagged. */
        public Member(String name, String prefix, boolean healthy, UpstreamCatalog catalog) {
            this(name, prefix, healthy, catalog, Map.of());
        }
    }

    /** Builds the federation of {@code members}, in declaration order. */
    public static Federation of(List<Member> members) {
        List<Routed<Tool>> tools = new ArrayList<>();
        List<Routed<Resource>> resources = new ArrayList<>();
        List<Routed<ResourceTemplate>> templates = new ArrayList<>();
        List<Routed<Prompt>> prompts = new ArrayList<>();
        Map<ListKind, CacheHints> hints = new EnumMap<>(ListKind.class);
        List<String> notes = new ArrayList<>();
        Set<String> toolNames = new HashSet<>();
        Set<String> promptNames = new HashSet<>();
        Set<String> uris = new HashSet<>();
        Set<String> uriTemplates = new HashSet<>();
        for (Member m : members) {
            UpstreamCatalog c = m.catalog();
            JsonObject mark = m.healthy() ? JsonObject.of("name", Json.of(m.name()))
                    : JsonObject.of("name", Json.of(m.name()), "status", Json.of("unhealthy"));
            for (Tool t : c.tools()) {
                String refusal = refusal(t);
                if (refusal != null) {
                    notes.add("upstream " + m.name() + ": refused tool \"" + t.name() + "\": " + refusal);
                    continue;
                }
                String name = claim(Naming.free(m.name(), m.prefix(), t.name(), toolNames), toolNames,
                        Naming.qualify(m.prefix(), t.name()), "tool", m.name(), t.name(), notes);
                String flag = m.pinFlags().get(t.name());
                JsonObject toolMark = flag == null ? mark : mark.with("pin", Json.of(flag));
                tools.add(new Routed<>(m.name(), t.name(), new Tool(name, t.title(), t.description(), t.inputSchema(),
                        t.outputSchema(), t.annotations(), t.icons(), t.execution(), marked(t.meta(), toolMark))));
            }
            for (Prompt p : c.prompts()) {
                String name = claim(Naming.free(m.name(), m.prefix(), p.name(), promptNames), promptNames,
                        Naming.qualify(m.prefix(), p.name()), "prompt", m.name(), p.name(), notes);
                prompts.add(new Routed<>(m.name(), p.name(), new Prompt(name, p.title(), p.description(), p.arguments(),
                        p.icons(), marked(p.meta(), mark))));
            }
            for (Resource r : c.resources()) {
                String uri = uri(m.name(), r.uri(), uris, "resource", notes);
                resources.add(new Routed<>(m.name(), r.uri(), new Resource(uri, r.name(), r.title(), r.description(),
                        r.mimeType(), r.size(), r.icons(), r.annotations(), marked(r.meta(), mark))));
            }
            for (ResourceTemplate t : c.templates()) {
                String uri = uri(m.name(), t.uriTemplate(), uriTemplates, "resource template", notes);
                templates.add(new Routed<>(m.name(), t.uriTemplate(), new ResourceTemplate(uri, t.name(), t.title(),
                        t.description(), t.mimeType(), t.icons(), t.annotations(), marked(t.meta(), mark))));
            }
            contribute(hints, ListKind.DISCOVER, c, true);
            contribute(hints, ListKind.TOOLS, c, !c.tools().isEmpty());
            contribute(hints, ListKind.PROMPTS, c, !c.prompts().isEmpty());
            contribute(hints, ListKind.RESOURCES, c, !c.resources().isEmpty());
            contribute(hints, ListKind.TEMPLATES, c, !c.templates().isEmpty());
        }
        return new Federation(List.copyOf(tools), List.copyOf(resources), List.copyOf(templates), List.copyOf(prompts),
                Map.copyOf(hints), List.copyOf(notes));
    }

    /** Why a tool cannot be served, or null. */
    static String refusal(Tool t) {
        if (!Naming.isValidToolName(t.name())) {
            return "a tool name must be 1 to 128 characters of A-Z a-z 0-9 _ - .";
        }
        if (!"object".equals(t.inputSchema().getString("type"))) {
            return "its inputSchema must have \"type\": \"object\"";
        }
        try {
            JsonSchema.compile(t.inputSchema());
            if (t.outputSchema() != null) {
                JsonSchema.compile(t.outputSchema());
            }
        } catch (IllegalArgumentException e) {
            return "its schema is invalid: " + e.getMessage();
        }
        return null;
    }

    private static String claim(String name, Set<String> taken, String wanted, String what, String upstream,
                                String original, List<String> notes) {
        taken.add(name);
        if (!name.equals(wanted)) {
            notes.add("upstream " + upstream + ": " + what + " \"" + original + "\" would be \"" + wanted
                    + "\", which an earlier upstream has; served as \"" + name + "\"");
        }
        return name;
    }

    private static String uri(String upstream, String uri, Set<String> taken, String what, List<String> notes) {
        String served = uri;
        if (taken.contains(served)) {
            served = Naming.qualifyUri(upstream, uri);
            for (int i = 2; taken.contains(served); i++) {
                served = Naming.qualifyUri(upstream + "-" + i, uri);
            }
            notes.add("upstream " + upstream + ": " + what + " \"" + uri + "\" is an earlier upstream's too; served as \""
                    + served + "\"");
        }
        taken.add(served);
        return served;
    }

    private static JsonObject marked(JsonObject meta, JsonObject mark) {
        return (meta == null ? JsonObject.EMPTY : meta).with(UPSTREAM_META, mark);
    }

    private static void contribute(Map<ListKind, CacheHints> hints, ListKind kind, UpstreamCatalog c, boolean contributes) {
        if (contributes) {
            CacheHints h = c.hints().getOrDefault(kind, CacheHints.NONE);
            hints.merge(kind, h, CacheHints::and);
        }
    }
}
