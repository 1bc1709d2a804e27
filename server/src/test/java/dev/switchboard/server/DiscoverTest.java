package dev.switchboard.server;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code server/discover}, the capabilities it reports, and version checks. */
class DiscoverTest {

    private static JsonObject discover(McpServer server) throws Exception {
        return handle(server, request(1, "server/discover", "{}"));
    }

    private static McpServer everything() {
        return Rpc.echoServer()
                .resource(Resource.of("test://static", "static", "text/plain"),
                        ResourceHandler.of(r -> List.of(TextResourceContents.of(r.uri(), "text/plain", "hi"))))
                .prompt(Prompt.of("greet", "Greets", PromptArgument.required("name", "who")),
                        PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("hi"))))
                .promptCompletion("greet", "name", (ctx, arg, value, args) -> CompleteResult.of("ada").completion())
                .instructions("Use echo to echo.")
                .build();
    }

    @Test
    void reportsCompleteWithServerInfoInMeta() throws Exception {
        JsonObject result = discover(Rpc.echoServer().build());
        assertThat(result.getString("resultType")).isEqualTo("complete");
        JsonObject info = result.getObject("_meta").getObject(MetaKeys.SERVER_INFO);
        assertThat(info.getString("name")).isEqualTo("dev.switchboard/test");
        assertThat(info.getString("version")).isEqualTo("1.2.3");
        assertThat(result.has("serverInfo")).as("serverInfo is not a top-level field any more").isFalse();
    }

    @Test
    void listsTheSupportedVersions() throws Exception {
        JsonObject result = discover(Rpc.echoServer().build());
        assertThat(result.get("supportedVersions")).isEqualTo(JsonArray.ofStrings(List.of("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26")));
    }

    @Test
    void carriesCachingHints() throws Exception {
        JsonObject result = discover(Rpc.echoServer().build());
        assertThat(result.get("ttlMs")).isEqualTo(JsonNumber.of(60_000));
        assertThat(result.getString("cacheScope")).isEqualTo("public");
    }

    @Test
    void carriesConfiguredCachingHints() throws Exception {
        McpServer server = Rpc.echoServer().cacheHints(Duration.ofSeconds(5), CacheScope.PRIVATE).build();
        JsonObject result = discover(server);
        assertThat(result.get("ttlMs")).isEqualTo(JsonNumber.of(5000));
        assertThat(result.getString("cacheScope")).isEqualTo("private");
    }

    @Test
    void refusesANegativeCacheTtl() {
        assertThatThrownBy(() -> Rpc.echoServer().cacheHints(Duration.ofSeconds(-1), CacheScope.PUBLIC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rpc.echoServer().cacheHints(Duration.ZERO, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aToolsOnlyServerReportsToolsAndLoggingButNoPromptsResourcesOrCompletions() throws Exception {
        JsonObject caps = discover(Rpc.echoServer().build()).getObject("capabilities");
        assertThat(caps.getObject("tools")).isEqualTo(JsonObject.of("listChanged", Json.of(true)));
        assertThat(caps.getObject("logging")).isEqualTo(JsonObject.EMPTY);
        assertThat(caps.has("prompts")).isFalse();
        assertThat(caps.has("resources")).isFalse();
        assertThat(caps.has("completions")).isFalse();
    }

    @Test
    void capabilitiesReflectEveryKindRegistered() throws Exception {
        JsonObject caps = discover(everything()).getObject("capabilities");
        assertThat(caps.getObject("tools").get("listChanged")).isEqualTo(Json.of(true));
        assertThat(caps.getObject("prompts").get("listChanged")).isEqualTo(Json.of(true));
        assertThat(caps.getObject("resources").get("subscribe")).isEqualTo(Json.of(true));
        assertThat(caps.getObject("resources").get("listChanged")).isEqualTo(Json.of(true));
        assertThat(caps.getObject("completions")).isEqualTo(JsonObject.EMPTY);
    }

    @Test
    void aServerWithOnlyResourceTemplatesReportsResources() throws Exception {
        McpServer server = McpServer.builder("t", "1")
                .resourceTemplate(ResourceTemplate.of("test://items/{id}", "item"),
                        ResourceHandler.of(r -> List.of(TextResourceContents.of(r.uri(), null, "x"))))
                .build();
        JsonObject caps = discover(server).getObject("capabilities");
        assertThat(caps.has("resources")).isTrue();
        assertThat(caps.has("tools")).isFalse();
    }

    @Test
    void anEmptyServerStillDiscovers() throws Exception {
        JsonObject result = discover(McpServer.builder("empty", "0").build());
        assertThat(result.getObject("capabilities").members().keySet()).containsExactly("logging");
    }

    @Test
    void capabilitiesFollowRuntimeRegistrations() throws Exception {
        McpServer server = Rpc.echoServer().build();
        assertThat(discover(server).getObject("capabilities").has("prompts")).isFalse();
        server.addPrompt(Prompt.of("p", null), PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("x"))));
        assertThat(discover(server).getObject("capabilities").has("prompts")).isTrue();
        server.removePrompt("p");
        assertThat(discover(server).getObject("capabilities").has("prompts")).isFalse();
    }

    @Test
    void carriesInstructionsWhenConfigured() throws Exception {
        assertThat(discover(everything()).getString("instructions")).isEqualTo("Use echo to echo.");
        assertThat(discover(Rpc.echoServer().build()).has("instructions")).isFalse();
    }

    @Test
    void theJavaApiAgreesWithTheWire() {
        McpServer server = everything();
        DiscoverResult d = server.discover();
        assertThat(d.supportedVersions()).containsExactly("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26");
        assertThat(d.capabilities().tools()).isNotNull();
        assertThat(d.capabilities().prompts()).isNotNull();
        assertThat(d.instructions()).isEqualTo("Use echo to echo.");
        assertThat(server.supportedVersions()).isEqualTo(d.supportedVersions());
    }

    @Test
    void fullImplementationInfoReachesEveryResult() throws Exception {
        Implementation info = new Implementation("com.example/full", "2.0", "Full", "A full server", null,
                "https://example.com", null);
        McpServer server = McpServer.builder(info).tool(Rpc.textTool("echo"), Rpc.echo()).build();
        assertThat(server.info()).isEqualTo(info);
        JsonObject shown = discover(server).getObject("_meta").getObject(MetaKeys.SERVER_INFO);
        assertThat(shown.getString("title")).isEqualTo("Full");
        assertThat(shown.getString("websiteUrl")).isEqualTo("https://example.com");
        JsonObject call = handle(server, request(2, "tools/call", "{\"name\":\"echo\",\"arguments\":{}}"));
        assertThat(call.getObject("_meta").getObject(MetaKeys.SERVER_INFO)).isEqualTo(shown);
    }

    @Test
    void requiresImplementationInfo() {
        assertThatThrownBy(() -> McpServer.builder((Implementation) null)).isInstanceOf(NullPointerException.class);
    }

    // ---- checkVersion -------------------------------------------------------------------

    @Test
    void acceptsTheModernVersion() {
        Rpc.echoServer().build().checkVersion("2026-07-28");
    }

    @Test
    void refusesAnUnknownVersionWithSupportedAndRequested() {
        McpServer server = Rpc.echoServer().build();
        assertThatThrownBy(() -> server.checkVersion("1900-01-01")).isInstanceOfSatisfying(McpException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_PROTOCOL_VERSION);
            JsonObject data = (JsonObject) e.data();
            assertThat(data.get("supported")).isEqualTo(JsonArray.ofStrings(server.supportedVersions()));
            assertThat(server.supportedVersions()).startsWith("2026-07-28").contains("2025-11-25", "2025-06-18");
            assertThat(data.getString("requested")).isEqualTo("1900-01-01");
            assertThat(e.getMessage()).contains("1900-01-01").contains("2026-07-28");
        });
    }

    @Test
    void refusesASessionEraVersionPointingAtInitializeWithoutListingIt() {
        McpServer server = Rpc.echoServer().build();
        assertThatThrownBy(() -> server.checkVersion("2025-11-25")).isInstanceOfSatisfying(McpException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_PROTOCOL_VERSION);
            JsonObject data = (JsonObject) e.data();
            assertThat(data.getString("requested")).isEqualTo("2025-11-25");
            assertThat(((JsonArray) data.get("supported")).values()).doesNotContain(Json.of("2025-11-25"));
            assertThat(e.getMessage()).contains("initialize");
        });
    }

    @Test
    void everySupportedVersionInTheErrorIsAlsoDiscovered() throws Exception {
        McpServer server = Rpc.echoServer().build();
        JsonArray discovered = (JsonArray) discover(server).get("supportedVersions");
        McpException e = org.junit.jupiter.api.Assertions.assertThrows(McpException.class, () -> server.checkVersion("v999.0.0"));
        JsonArray supported = (JsonArray) ((JsonObject) e.data()).get("supported");
        assertThat(discovered.values()).containsAll(supported.values());
    }
}
