package dev.switchboard.registry.mcp;

import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.registry.Fixtures;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.RegistryServer;
import dev.switchboard.registry.entry.CardFacts;
import dev.switchboard.protocol.codec.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The MCP face, through a real client on the registry's own port: search_servers and get_server. */
class RegistryToolsTest {
    final Registry registry = Registry.inMemory();
    RegistryServer server;
    McpClient client;

    @BeforeEach
    void start() throws Exception {
        JsonObject weather = Fixtures.server("com.example/weather", "1.2.0", "Forecasts and severe weather alerts.")
                .with("remotes", Wire.parse("""
                        [{"type": "streamable-http", "url": "https://{region}.weather.example.com/mcp",
                          "headers": [{"name": "X-Api-Key", "isRequired": true, "isSecret": true}, {"name": "X-Trace"}],
                          "variables": {"region": {"default": "eu"}}}]"""));
        registry.offer(new Submission(Fixtures.CARDS, weather, new CardFacts(List.of("2026-07-28"), List.of("tools"),
                List.of(new CardFacts.ToolFact("get_forecast", "Hourly forecast for a city"))), null));
        registry.offer(Submission.of(Fixtures.FILES, Fixtures.packaged("io.github.alice/git-tools", "0.3.0",
                "Read commits and diffs.", List.of("git")).with("packages", Wire.parse("""
                [{"registryType": "npm", "identifier": "@alice/git-tools", "version": "0.3.0", "runtimeHint": "npx",
                  "transport": {"type": "stdio"},
                  "environmentVariables": [{"name": "GIT_TOKEN", "isRequired": true, "isSecret": true}]}]"""))));
        server = RegistryServer.builder(registry).port(0).start();
        client = McpClient.builder(server.endpoint()).era(Era.MODERN).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        registry.close();
    }

    @Test
    void listsBothToolsWithTheirSchemas() {
        List<Tool> tools = client.listTools(new dev.switchboard.protocol.tools.ListToolsRequest(null, null)).tools();
        assertThat(tools).extracting(Tool::name).containsExactlyInAnyOrder("search_servers", "get_server");
        assertThat(tools).allSatisfy(t -> {
            assertThat(t.outputSchema()).isNotNull();
            assertThat(t.annotations().readOnlyHint()).isTrue();
        });
    }

    @Test
    void searchFindsByToolTextAndFiltersAndAnswersCompactly() {
        CallToolResult r = client.callTool("search_servers", JsonObject.of("query", dev.switchboard.protocol.json.Json.of("forecast")));
        assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
        JsonObject hit = ((JsonArray) r.structuredContent().asObject().get("servers")).get(0).asObject();
        assertThat(hit.getString("name")).isEqualTo("com.example/weather");
        assertThat(hit.get("tools")).isEqualTo(JsonArray.ofStrings(List.of("get_forecast")));
        assertThat(hit.has("server")).isFalse();
        assertThat(((TextContent) r.content().getFirst()).text()).contains("com.example/weather 1.2.0");

        CallToolResult stdio = client.callTool("search_servers", (JsonObject) Wire.parse("{\"transports\": [\"stdio\"]}"));
        assertThat(stdio.structuredContent().asObject().get("count")).isEqualTo(dev.switchboard.protocol.json.JsonNumber.of(1));
        CallToolResult none = client.callTool("search_servers", (JsonObject) Wire.parse(
                "{\"query\": \"weather\", \"protocolVersions\": [\"2025-06-18\"]}"));
        assertThat(((TextContent) none.content().getFirst()).text()).isEqualTo("No server matches.");
    }

    @Test
    void getServerSaysHowToConnectOrRun() {
        CallToolResult remote = client.callTool("get_server", JsonObject.of("name", dev.switchboard.protocol.json.Json.of("com.example/weather")));
        JsonObject s = remote.structuredContent().asObject();
        assertThat(s.getObject("server").getString("version")).isEqualTo("1.2.0");
        assertThat(s.getObject("_meta").getObject("io.modelcontextprotocol.registry/official").getString("status")).isEqualTo("active");
        JsonObject r = ((JsonArray) s.getObject("connect").get("remotes")).get(0).asObject();
        assertThat(r.get("requiredHeaders")).isEqualTo(JsonArray.ofStrings(List.of("X-Api-Key")));
        assertThat(r.get("variables")).isEqualTo(JsonArray.ofStrings(List.of("region")));
        assertThat(r.get("protocolVersions")).isEqualTo(JsonArray.ofStrings(List.of("2026-07-28")));

        JsonObject pkg = ((JsonArray) client.callTool("get_server", (JsonObject) Wire.parse(
                "{\"name\": \"io.github.alice/git-tools\", \"version\": \"0.3.0\"}")).structuredContent().asObject()
                .getObject("connect").get("packages")).get(0).asObject();
        assertThat(pkg.getString("runtimeHint")).isEqualTo("npx");
        assertThat(pkg.get("requiredEnvironment")).isEqualTo(JsonArray.ofStrings(List.of("GIT_TOKEN")));
    }

    @Test
    void unknownServersAndBadArgumentsAreClearErrors() {
        CallToolResult missing = client.callTool("get_server", JsonObject.of("name", dev.switchboard.protocol.json.Json.of("com.example/nope")));
        assertThat(missing.isError()).isTrue();
        assertThat(((TextContent) missing.content().getFirst()).text()).contains("No server named com.example/nope");
        CallToolResult noVersion = client.callTool("get_server", (JsonObject) Wire.parse(
                "{\"name\": \"com.example/weather\", \"version\": \"9.0.0\"}"));
        assertThat(((TextContent) noVersion.content().getFirst()).text()).contains("has no version 9.0.0; it has 1.2.0");
        // arguments that break the input schema are tool errors the model can read and correct
        CallToolResult badName = client.callTool("get_server", JsonObject.of("name", dev.switchboard.protocol.json.Json.of("no slash")));
        assertThat(badName.isError()).isTrue();
        assertThat(((TextContent) badName.content().getFirst()).text()).contains("name");
        CallToolResult badLimit = client.callTool("search_servers", (JsonObject) Wire.parse("{\"limit\": 1000}"));
        assertThat(badLimit.isError()).isTrue();
        assertThat(((TextContent) badLimit.content().getFirst()).text()).contains("limit");
    }
}
