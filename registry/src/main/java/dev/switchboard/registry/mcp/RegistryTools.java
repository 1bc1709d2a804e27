package dev.switchboard.registry.mcp;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.protocol.tools.ToolAnnotations;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.api.ServerResponses;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Status;
import dev.switchboard.registry.search.SearchQuery;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ToolCall;
import dev.switchboard.server.ToolHandler;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry's MCP face: {@code search_servers} (free text and filters → compact results, so an
 * agent finds a capability at run time) and {@code get_server} (a name → its {@code server.json}
 * and how to connect to it or run it). Both are read-only; their results are structured content
 * checked against their output schemas.
 */
public final class RegistryTools {
    /** The most results one search returns. */
    static final int MAX_RESULTS = 50;

    private final Registry registry;

    private RegistryTools(Registry registry) {
        this.registry = registry;
    }

    /** Adds both tools, answering from {@code registry}, to {@code server}. */
    public static McpServer.Builder addTo(McpServer.Builder server, Registry registry) {
        RegistryTools tools = new RegistryTools(registry);
        return server.tool(SEARCH, ToolHandler.of(tools::search)).tool(GET, ToolHandler.of(tools::get));
    }

    private static JsonObject schema(String json) {
        return (JsonObject) Wire.parse(json);
    }

    static final Tool SEARCH = Tool.builder("search_servers", schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {
                       "query": {"type": "string", "maxLength": 500,
                                 "description": "Words to look for in server names, titles, descriptions and tools; empty lists everything."},
                       "transports": {"type": "array", "items": {"enum": ["streamable-http", "sse", "stdio"]},
                                      "description": "Keep servers reachable or runnable with any of these transports."},
                       "protocolVersions": {"type": "array", "items": {"type": "string", "pattern": "^\\\\d{4}-\\\\d{2}-\\\\d{2}$"},
                                            "description": "Keep servers whose card says they speak any of these MCP revisions."},
                       "capabilities": {"type": "array", "items": {"type": "string"},
                                        "description": "Keep servers whose card declares any of these capabilities (tools, resources, prompts...)."},
                       "tags": {"type": "array", "items": {"type": "string"}, "description": "Keep servers with any of these publisher tags."},
                       "statuses": {"type": "array", "items": {"enum": ["active", "deprecated", "deleted"]},
                                    "description": "Lifecycle statuses to include (default active and deprecated)."},
                       "allVersions": {"type": "boolean", "description": "Include older versions, not only the latest (default false)."},
                       "limit": {"type": "integer", "minimum": 1, "maximum": 50, "description": "The most results (default 10)."}
                     }}"""))
            .title("Search MCP servers")
            .description("Finds MCP servers in this registry by what they do. Returns compact results, best first; "
                    + "call get_server for one server's full server.json and how to connect.")
            .outputSchema(schema("""
                    {"type": "object", "required": ["servers", "count"],
                     "properties": {
                       "count": {"type": "integer"},
                       "servers": {"type": "array", "items": {"type": "object",
                         "required": ["name", "version", "description", "status", "isLatest", "transports"],
                         "properties": {
                           "name": {"type": "string"}, "version": {"type": "string"}, "title": {"type": "string"},
                           "description": {"type": "string"}, "status": {"enum": ["active", "deprecated", "deleted"]},
                           "isLatest": {"type": "boolean"},
                           "transports": {"type": "array", "items": {"type": "string"}},
                           "remoteUrls": {"type": "array", "items": {"type": "string"}},
                           "protocolVersions": {"type": "array", "items": {"type": "string"}},
                           "tools": {"type": "array", "items": {"type": "string"}}}}}}}"""))
            .annotations(ToolAnnotations.readOnly())
            .build();

    static final Tool GET = Tool.builder("get_server", schema("""
                    {"type": "object", "additionalProperties": false, "required": ["name"],
                     "properties": {
                       "name": {"type": "string", "minLength": 3, "maxLength": 200, "pattern": "^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$",
                                "description": "The server's name, e.g. io.github.alice/weather."},
                       "version": {"type": "string", "minLength": 1, "maxLength": 255,
                                   "description": "A version, or latest (the default)."}
                     }}"""))
            .title("Get an MCP server")
            .description("Returns one server's server.json, its registry status, and how to connect to it: its remote "
                    + "endpoints (with the headers and variables they need) and its installable packages.")
            .outputSchema(schema("""
                    {"type": "object", "required": ["server", "_meta", "connect"],
                     "properties": {
                       "server": {"type": "object", "required": ["name", "version", "description"]},
                       "_meta": {"type": "object"},
                       "connect": {"type": "object", "required": ["remotes", "packages"],
                         "properties": {
                           "remotes": {"type": "array", "items": {"type": "object", "required": ["type", "url"],
                             "properties": {"type": {"type": "string"}, "url": {"type": "string"},
                                            "requiredHeaders": {"type": "array", "items": {"type": "string"}},
                                            "variables": {"type": "array", "items": {"type": "string"}},
                                            "protocolVersions": {"type": "array", "items": {"type": "string"}}}}},
                           "packages": {"type": "array", "items": {"type": "object",
                             "required": ["registryType", "identifier", "transport"],
                             "properties": {"registryType": {"type": "string"}, "identifier": {"type": "string"},
                                            "version": {"type": "string"}, "transport": {"type": "string"},
                                            "runtimeHint": {"type": "string"},
                                            "requiredEnvironment": {"type": "array", "items": {"type": "string"}}}}}}}}}"""))
            .annotations(ToolAnnotations.readOnly())
            .build();

    private CallToolResult search(ToolCall call) {
        JsonObject a = call.arguments();
        Set<Status> statuses = new LinkedHashSet<>();
        strings(a, "statuses").forEach(s -> statuses.add(Status.of(s)));
        int limit = a.get("limit") instanceof JsonNumber n ? (int) n.longValue() : 10;
        boolean all = a.get("allVersions") instanceof JsonBoolean b && b.value();
        SearchQuery q = new SearchQuery(a.getString("query"), Set.copyOf(strings(a, "transports")),
                Set.copyOf(strings(a, "protocolVersions")), Set.copyOf(strings(a, "capabilities")),
                Set.copyOf(strings(a, "tags")), statuses, !all, Math.min(limit, MAX_RESULTS));
        List<Entry> hits = registry.search(q);
        List<Json> servers = new ArrayList<>();
        StringBuilder text = new StringBuilder(hits.isEmpty() ? "No server matches." : hits.size() + " server"
                + (hits.size() == 1 ? "" : "s") + ", best first:");
        for (Entry e : hits) {
            servers.add(summary(e));
            text.append("\n- ").append(e.name()).append(' ').append(e.version())
                    .append(e.official().status() == Status.ACTIVE ? "" : " [" + e.official().status().wire() + "]")
                    .append(": ").append(e.server().description());
        }
        JsonObject result = JsonObject.of("servers", new JsonArray(servers), "count", JsonNumber.of(servers.size()));
        return CallToolResult.structured(result, TextContent.of(text.toString()));
    }

    private static JsonObject summary(Entry e) {
        List<String> urls = e.server().remotes().stream().map(r -> r.getString("url")).filter(u -> u != null).toList();
        JsonObject.Builder b = JsonObject.builder().put("name", e.name()).put("version", e.version())
                .put("title", e.server().title()).put("description", e.server().description())
                .put("status", e.official().status().wire()).put("isLatest", e.official().isLatest())
                .put("transports", JsonArray.ofStrings(e.server().transports()));
        if (!urls.isEmpty()) {
            b.put("remoteUrls", JsonArray.ofStrings(urls));
        }
        if (!e.card().protocolVersions().isEmpty()) {
            b.put("protocolVersions", JsonArray.ofStrings(e.card().protocolVersions()));
        }
        if (!e.card().tools().isEmpty()) {
            b.put("tools", JsonArray.ofStrings(e.card().tools().stream().map(t -> t.name()).toList()));
        }
        return b.build();
    }

    private CallToolResult get(ToolCall call) {
        String name = call.arguments().getString("name");
        String version = call.arguments().getString("version") == null ? "latest" : call.arguments().getString("version");
        Entry e = registry.get(name, version).orElse(null);
        if (e == null) {
            List<Entry> versions = registry.versions(name);
            return CallToolResult.error(versions.isEmpty() ? "No server named " + name + " in this registry; try search_servers."
                    : name + " has no version " + version + "; it has " + String.join(", ",
                    versions.stream().map(Entry::version).toList()) + ".");
        }
        JsonObject response = ServerResponses.of(e);
        JsonObject result = response.toBuilder().put("connect", connect(e)).build();
        StringBuilder text = new StringBuilder(e.name() + " " + e.version() + " (" + e.official().status().wire() + "): "
                + e.server().description());
        e.server().remotes().forEach(r -> text.append("\nremote ").append(r.getString("type")).append(' ')
                .append(r.getString("url")));
        e.server().packages().forEach(p -> text.append("\npackage ").append(p.getString("registryType")).append(' ')
                .append(p.getString("identifier")).append(p.getString("version") == null ? "" : "@" + p.getString("version")));
        return CallToolResult.structured(result, TextContent.of(text.toString()));
    }

    /** How to reach the server: remotes with what they need, packages with how they run. */
    private static JsonObject connect(Entry e) {
        List<Json> remotes = new ArrayList<>();
        for (JsonObject r : e.server().remotes()) {
            JsonObject.Builder b = JsonObject.builder().put("type", r.getString("type")).put("url", r.getString("url"));
            List<String> headers = required(r, "headers");
            if (!headers.isEmpty()) {
                b.put("requiredHeaders", JsonArray.ofStrings(headers));
            }
            JsonObject variables = r.getObject("variables");
            if (variables != null && !variables.isEmpty()) {
                b.put("variables", JsonArray.ofStrings(variables.members().keySet()));
            }
            if (!e.card().protocolVersions().isEmpty()) {
                b.put("protocolVersions", JsonArray.ofStrings(e.card().protocolVersions()));
            }
            remotes.add(b.build());
        }
        List<Json> packages = new ArrayList<>();
        for (JsonObject p : e.server().packages()) {
            JsonObject t = p.getObject("transport");
            JsonObject.Builder b = JsonObject.builder().put("registryType", p.getString("registryType"))
                    .put("identifier", p.getString("identifier")).put("version", p.getString("version"))
                    .put("transport", t == null ? "stdio" : t.getString("type")).put("runtimeHint", p.getString("runtimeHint"));
            List<String> env = required(p, "environmentVariables");
            if (!env.isEmpty()) {
                b.put("requiredEnvironment", JsonArray.ofStrings(env));
            }
            packages.add(b.build());
        }
        return JsonObject.of("remotes", new JsonArray(remotes), "packages", new JsonArray(packages));
    }

    /** The names of the inputs in {@code member} marked {@code isRequired}. */
    private static List<String> required(JsonObject o, String member) {
        if (!(o.get(member) instanceof JsonArray inputs)) {
            return List.of();
        }
        return inputs.values().stream().map(Json::asObject)
                .filter(i -> i != null && i.getString("name") != null && i.get("isRequired") instanceof JsonBoolean b && b.value())
                .map(i -> i.getString("name")).toList();
    }

    private static List<String> strings(JsonObject o, String member) {
        return o.get(member) instanceof JsonArray a ? a.values().stream().map(Json::asString).filter(s -> s != null).toList()
                : List.of();
    }
}
