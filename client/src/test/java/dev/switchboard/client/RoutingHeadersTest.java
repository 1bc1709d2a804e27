package dev.switchboard.client;

import dev.switchboard.testkit.RecordingProxy;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.PromptHandler;
import dev.switchboard.server.ResourceHandler;
import dev.switchboard.server.ToolHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SEP-2243 headers the modern client sends ({@code MCP-Protocol-Version}, {@code Mcp-Method},
 * {@code Mcp-Name} with the Base64 sentinel), checked twice: the real server accepts them, and the
 * recording proxy shows their exact form.
 */
class RoutingHeadersTest {
    static McpHttpServer http;
    static RecordingProxy proxy;

    static final String TOOL = "plain_tool";
    static final String UNICODE_URI = "demo://städte/zürich";
    static final String UNICODE_PROMPT = "résumé";

    @BeforeAll
    static void start() throws Exception {
        JsonObject noArgs = (JsonObject) Wire.parse("{\"type\":\"object\"}");
        McpServer server = McpServer.builder("headers-test", "1")
                .tool(Tool.of(TOOL, "A tool", noArgs),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of("hallo"))))
                .prompt(Prompt.of(UNICODE_PROMPT, "A prompt with a non-ASCII name"),
                        PromptHandler.of(get -> GetPromptResult.of(null, PromptMessage.user("ok"))))
                .resource(Resource.of("demo://r/%20two", "two", "text/plain"),
                        ResourceHandler.of(read -> List.of(TextResourceContents.of(read.uri(), "text/plain", "two"))))
                .resource(Resource.of(UNICODE_URI, "zürich", "text/plain"),
                        ResourceHandler.of(read -> List.of(TextResourceContents.of(read.uri(), "text/plain", "grüezi"))))
                .build();
        http = RealServers.serve(server);
        proxy = new RecordingProxy(http.endpoint());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        http.close();
    }

    private static String sentinel(String s) {
        return "=?base64?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    @Test
    void aToolCallCarriesTheRoutingHeaders() {
        try (McpClient client = McpClient.builder(proxy.endpoint()).build()) {
            assertThat(RealServers.text(client.callTool(TOOL, JsonObject.EMPTY))).isEqualTo("hallo");
        }
        var call = proxy.seen("tools/call").getLast();
        assertThat(call.header("Mcp-Name")).isEqualTo(TOOL);
        assertThat(call.header("Mcp-Method")).isEqualTo("tools/call");
        assertThat(call.header("MCP-Protocol-Version")).isEqualTo("2026-07-28");
        assertThat(call.header("Accept")).contains("application/json", "text/event-stream");
        assertThat(call.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void aNonAsciiResourceUriTravelsAsABase64SentinelAndTheServerAcceptsIt() {
        try (McpClient client = McpClient.builder(proxy.endpoint()).build()) {
            var r = client.readResource(UNICODE_URI);
            assertThat(((TextResourceContents) r.contents().getFirst()).text()).isEqualTo("grüezi");
        }
        assertThat(proxy.seen("resources/read").getLast().header("Mcp-Name")).isEqualTo(sentinel(UNICODE_URI));
    }

    @Test
    void aNonAsciiToolNameTravelsAsABase64Sentinel() {
        // our server only registers ASCII tool names, so a scripted one checks the tool case
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) ->
                FakeServer.result(ex, r, "{\"content\":[]}")));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            client.callTool("grüße", null);
            client.callTool(" padded", null);
            client.callTool("=?base64?abcd?=", null);
            client.callTool("", null);
            assertThat(server.received("tools/call")).extracting(c -> c.header("Mcp-Name"))
                    .containsExactly(sentinel("grüße"), sentinel(" padded"), sentinel("=?base64?abcd?="), "");
        }
    }

    @Test
    void promptsGetCarriesThePromptNameInMcpName() {
        try (McpClient client = McpClient.builder(proxy.endpoint()).build()) {
            client.getPrompt(UNICODE_PROMPT, null);
        }
        assertThat(proxy.seen("prompts/get").getLast().header("Mcp-Name")).isEqualTo(sentinel(UNICODE_PROMPT));
    }

    @Test
    void resourcesReadCarriesTheUriInMcpName() {
        try (McpClient client = McpClient.builder(proxy.endpoint()).build()) {
            client.readResource("demo://r/%20two");
        }
        var read = proxy.seen("resources/read").getLast();
        assertThat(read.header("Mcp-Name")).isEqualTo("demo://r/%20two");
        assertThat(read.header("Mcp-Method")).isEqualTo("resources/read");
    }

    @Test
    void everyModernRequestCarriesTheRequiredMeta() {
        int mark = proxy.seen().size();
        try (McpClient client = McpClient.builder(proxy.endpoint()).build()) {
            client.listAllTools();
        }
        assertThat(proxy.seen().subList(mark, proxy.seen().size())).extracting(RecordingProxy.Seen::method)
                .containsExactly("server/discover", "tools/list");
        for (var seen : proxy.seen().subList(mark, proxy.seen().size())) {
            if (seen.body() == null) {
                continue;
            }
            JsonObject meta = seen.body().getObject("params").getObject("_meta");
            assertThat(meta.getString("io.modelcontextprotocol/protocolVersion")).isEqualTo("2026-07-28");
            assertThat(meta.getObject("io.modelcontextprotocol/clientCapabilities")).isEqualTo(JsonObject.EMPTY);
            assertThat(meta.getObject("io.modelcontextprotocol/clientInfo").getString("name"))
                    .isEqualTo("switchboard-client");
            assertThat(seen.header("Mcp-Method")).isEqualTo(seen.method());
        }
    }

    @Test
    void staticHeadersAndClientInfoAreSentEverywhere() {
        int mark = proxy.seen().size();
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.LEGACY)
                .clientInfo(dev.switchboard.protocol.lifecycle.Implementation.of("my-agent", "2.0"))
                .header("Authorization", "Bearer t0ken").header("X-Trace", "abc").build()) {
            client.listAllTools();
        }
        var seen = proxy.seen().subList(mark, proxy.seen().size());
        assertThat(seen).isNotEmpty().allSatisfy(s -> {
            assertThat(s.header("Authorization")).isEqualTo("Bearer t0ken");
            assertThat(s.header("X-Trace")).isEqualTo("abc");
        });
        assertThat(seen.getFirst().body().getObject("params").getObject("clientInfo"))
                .isEqualTo(JsonObject.of("name", Json.of("my-agent"), "version", Json.of("2.0")));
    }

    @Test
    void userMetaIsKeptNextToTheRequiredKeys() {
        try (McpClient client = McpClient.builder(proxy.endpoint()).build()) {
            client.callTool(new dev.switchboard.protocol.tools.CallToolRequest(TOOL, null, null, null,
                    JsonObject.of("traceparent", Json.of("00-abc-def-01"))));
        }
        JsonObject meta = proxy.seen("tools/call").getLast().body().getObject("params").getObject("_meta");
        assertThat(meta.getString("traceparent")).isEqualTo("00-abc-def-01");
        assertThat(meta.getString("io.modelcontextprotocol/protocolVersion")).isEqualTo("2026-07-28");
    }
}
