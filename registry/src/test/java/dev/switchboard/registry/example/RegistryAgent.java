package dev.switchboard.registry.example;

import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsRequest;
import dev.switchboard.protocol.tools.Tool;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent that finds a capability at run time: it asks a registry's MCP face for servers that do
 * what it needs ({@code search_servers}), asks how to reach the best one ({@code get_server}), then
 * connects to it with {@link McpClient} and lists its tools. Servers that need a header or a
 * templated URL filled in are skipped: this agent has no credentials to offer.
 *
 * <p>It lives in the registry module's tests rather than in {@code examples}: the client's own
 * tests depend on {@code examples}, so {@code examples} cannot depend on the client. Run it with
 * the test classpath:
 *
 * <pre>{@code
 * ./switchboard serve &                  # the demo server, listed in the registry's demo catalog
 * ./switchboard registry &               # the registry on :8090
 * java ... dev.switchboard.registry.example.RegistryAgent http://127.0.0.1:8090/mcp "echo demo"
 * }</pre>
 */
public final class RegistryAgent {
    private RegistryAgent() {
    }

    /**
     * The server the agent connected to.
     *
     * @param name  its registry name
     * @param url   the endpoint it connected to
     * @param tools the names of the tools it offers
     */
    public record Found(String name, URI url, List<String> tools) {
    }

    /**
     * Searches the registry at {@code registry} for {@code need} and connects to the first server it
     * can reach without credentials.
     *
     * @throws IllegalStateException when no server matches, or none can be reached; says which were tried
     */
    public static Found findAndConnect(URI registry, String need) {
        List<String> tried = new ArrayList<>();
        try (McpClient directory = McpClient.builder(registry).build()) {
            CallToolResult hits = directory.callTool("search_servers", JsonObject.builder().put("query", need)
                    .put("transports", JsonArray.ofStrings(List.of("streamable-http"))).put("limit", JsonNumber.of(5)).build());
            for (Json hit : ((JsonArray) hits.structuredContent().asObject().get("servers")).values()) {
                String name = hit.asObject().getString("name");
                CallToolResult server = directory.callTool("get_server", JsonObject.of("name", Json.of(name)));
                for (Json r : ((JsonArray) server.structuredContent().asObject().getObject("connect").get("remotes")).values()) {
                    JsonObject remote = r.asObject();
                    String url = remote.getString("url");
                    if (!"streamable-http".equals(remote.getString("type")) || url.contains("{") || remote.has("requiredHeaders")) {
                        tried.add(name + " (needs values this agent does not have)");
                        continue;
                    }
                    try (McpClient target = McpClient.builder(URI.create(url)).build()) {
                        List<String> tools = target.listTools(new ListToolsRequest(null, null)).tools().stream()
                                .map(Tool::name).toList();
                        return new Found(name, URI.create(url), tools);
                    } catch (RuntimeException e) {
                        tried.add(name + " at " + url + " (" + e.getMessage() + ")");
                    }
                }
            }
        }
        throw new IllegalStateException("no reachable server for \"" + need + "\"" + (tried.isEmpty() ? "" : "; tried " + tried));
    }

    /** {@code RegistryAgent REGISTRY_MCP_URL NEED}: prints the server found and its tools. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: RegistryAgent REGISTRY_MCP_URL NEED   e.g. http://127.0.0.1:8090/mcp \"echo demo\"");
            System.exit(2);
        }
        Found found = findAndConnect(URI.create(args[0]), args[1]);
        System.out.println(found.name() + " at " + found.url() + " offers: " + String.join(", ", found.tools()));
    }
}
