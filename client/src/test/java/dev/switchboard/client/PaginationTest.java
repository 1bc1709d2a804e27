package dev.switchboard.client;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.ListPromptsRequest;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.ListResourcesRequest;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsRequest;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.PromptHandler;
import dev.switchboard.server.ResourceHandler;
import dev.switchboard.server.ToolHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paging through lists: one page at a time with the cursor, or everything at once. */
class PaginationTest {
    static McpHttpServer http;

    @BeforeAll
    static void start() {
        JsonObject noArgs = (JsonObject) Wire.parse("{\"type\":\"object\"}");
        McpServer.Builder b = McpServer.builder("paged", "1").pageSize(2);
        for (int i = 1; i <= 5; i++) {
            b.tool(Tool.of("tool_" + i, "Tool " + i, noArgs), ToolHandler.of(call -> CallToolResult.of(TextContent.of("x"))));
            b.resource(Resource.of("paged://r" + i, "r" + i, "text/plain"),
                    ResourceHandler.of(read -> List.of(TextResourceContents.of(read.uri(), "text/plain", "x"))));
            b.prompt(Prompt.of("prompt_" + i, "Prompt " + i),
                    PromptHandler.of(get -> GetPromptResult.of(null, PromptMessage.user("x"))));
        }
        http = RealServers.serve(b.build());
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void pagesToolsOneAtATime(Era era) {
        try (McpClient client = RealServers.client(http.endpoint(), era)) {
            ListToolsResult first = client.listTools(ListToolsRequest.firstPage());
            assertThat(first.tools()).extracting(Tool::name).containsExactly("tool_1", "tool_2");
            assertThat(first.nextCursor()).isNotNull();
            ListToolsResult second = client.listTools(new ListToolsRequest(first.nextCursor(), null));
            assertThat(second.tools()).extracting(Tool::name).containsExactly("tool_3", "tool_4");
            ListToolsResult third = client.listTools(new ListToolsRequest(second.nextCursor(), null));
            assertThat(third.tools()).extracting(Tool::name).containsExactly("tool_5");
            assertThat(third.nextCursor()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void listsEverythingAcrossPages(Era era) {
        try (McpClient client = RealServers.client(http.endpoint(), era)) {
            List<String> expected = IntStream.rangeClosed(1, 5).mapToObj(i -> "tool_" + i).toList();
            assertThat(client.listAllTools()).extracting(Tool::name).containsExactlyElementsOf(expected);
            assertThat(client.listAllResources()).hasSize(5);
            assertThat(client.listAllPrompts()).extracting(Prompt::name).endsWith("prompt_5").hasSize(5);
        }
    }

    @Test
    void pagesResourcesAndPromptsWithTheirOwnRequests() {
        try (McpClient client = RealServers.client(http.endpoint(), Era.AUTO)) {
            var resources = client.listResources(ListResourcesRequest.firstPage());
            assertThat(resources.resources()).hasSize(2);
            assertThat(client.listResources(new ListResourcesRequest(resources.nextCursor(), null)).resources())
                    .extracting(Resource::uri).containsExactly("paged://r3", "paged://r4");
            assertThat(client.listPrompts(ListPromptsRequest.firstPage()).prompts()).hasSize(2);
        }
    }

    @Test
    void aCursorThatComesBackTwiceEndsTheListingWithAnError() {
        String page = """
                {"resultType":"complete","ttlMs":0,"cacheScope":"public","nextCursor":"same",
                 "tools":[{"name":"t","inputSchema":{"type":"object"}}]}""";
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r, page)));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThatThrownBy(client::listAllTools).isInstanceOfSatisfying(McpClientException.class, e -> {
                assertThat(e.kind()).isEqualTo(McpClientException.Kind.INVALID_RESPONSE);
                assertThat(e.getMessage()).contains("cursor \"same\" came back twice");
            });
            assertThat(server.received("tools/list")).hasSize(2);
        }
    }
}
