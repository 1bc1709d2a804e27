package dev.switchboard.client;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.PromptReference;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resources, templates, prompts and completion against the real demo server, both eras. */
class ResourcesAndPromptsTest {
    static McpHttpServer demo;

    @BeforeAll
    static void start() {
        demo = RealServers.demo();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void listsAndReadsResources(Era era) {
        try (McpClient client = RealServers.client(demo.endpoint(), era)) {
            assertThat(client.listAllResources()).extracting(Resource::uri).containsExactly("demo://readme");
            ReadResourceResult r = client.readResource("demo://readme");
            assertThat(((TextResourceContents) r.contents().getFirst()).text()).startsWith("# Switchboard demo");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void readsThroughATemplate(Era era) {
        try (McpClient client = RealServers.client(demo.endpoint(), era)) {
            assertThat(client.listAllResourceTemplates()).extracting(ResourceTemplate::uriTemplate)
                    .containsExactly("demo://greeting/{name}");
            ReadResourceResult r = client.readResource("demo://greeting/Ada");
            assertThat(((TextResourceContents) r.contents().getFirst()).text()).isEqualTo("Hello, Ada!");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void aMissingResourceIsAnError(Era era) {
        try (McpClient client = RealServers.client(demo.endpoint(), era)) {
            assertThatThrownBy(() -> client.readResource("demo://nothing-here"))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.code())
                            .isEqualTo(era == Era.MODERN ? ErrorCode.INVALID_PARAMS : ErrorCode.RESOURCE_NOT_FOUND));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void getsAPromptWithArguments(Era era) {
        try (McpClient client = RealServers.client(demo.endpoint(), era)) {
            assertThat(client.listAllPrompts()).extracting(Prompt::name).containsExactly("summarize");
            GetPromptResult p = client.getPrompt("summarize", Map.of("topic", "MCP"));
            assertThat(((TextContent) p.messages().getFirst().content()).text()).contains("Summarize MCP");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void completesAPromptArgument(Era era) {
        try (McpClient client = RealServers.client(demo.endpoint(), era)) {
            var r = client.complete(CompleteRequest.of(PromptReference.of("summarize"), "topic", "m"));
            assertThat(r.completion().values()).containsExactly("MCP", "model context protocol", "multiplexing");
        }
    }
}
