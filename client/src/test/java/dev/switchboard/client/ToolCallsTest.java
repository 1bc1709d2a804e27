package dev.switchboard.client;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typed tool calls against the real demo and fixture servers, in both eras. */
class ToolCallsTest {
    static McpHttpServer demo;
    static McpHttpServer fixture;

    @BeforeAll
    static void start() {
        demo = RealServers.demo();
        fixture = RealServers.fixture();
    }

    @AfterAll
    static void stop() {
        demo.close();
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void callsAToolWithTheParamsRecord(Era era) {
        try (McpClient client = RealServers.client(demo.endpoint(), era)) {
            CallToolResult r = client.callTool(CallToolRequest.of("echo", JsonObject.of("text", Json.of("hi"))));
            assertThat(RealServers.text(r)).isEqualTo("hi");
            assertThat(r.isError()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void returnsStructuredContent(Era era) {
        try (McpClient client = RealServers.client(demo.endpoint(), era)) {
            CallToolResult r = client.callTool("add", JsonObject.of("a", Json.of(2), "b", Json.of(40)));
            assertThat(r.structuredContent()).isEqualTo(JsonObject.of("sum", JsonNumber.of(42)));
            assertThat(RealServers.text(r)).isEqualTo("42");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void aFailingToolIsAResultNotAnException(Era era) {
        try (McpClient client = RealServers.client(fixture.endpoint(), era)) {
            CallToolResult r = client.callTool("test_error_handling", null);
            assertThat(r.isError()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void anUnknownToolIsAnErrorResponseWithItsCode(Era era) {
        try (McpClient client = RealServers.client(demo.endpoint(), era)) {
            assertThatThrownBy(() -> client.callTool("no_such_tool", JsonObject.EMPTY))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.kind()).isEqualTo(McpClientException.Kind.ERROR_RESPONSE);
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                        assertThat(e.getMessage()).startsWith("tools/call failed: ").contains("no_such_tool");
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void invalidArgumentsComeBackAsAToolError(Era era) {
        try (McpClient client = RealServers.client(demo.endpoint(), era)) {
            CallToolResult r = client.callTool("echo", JsonObject.of("text", Json.of(5)));
            assertThat(r.isError()).isTrue();
            assertThat(RealServers.text(r)).contains("Invalid arguments for tool echo");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void contentKindsDecode(Era era) {
        try (McpClient client = RealServers.client(fixture.endpoint(), era)) {
            CallToolResult r = client.callTool("test_multiple_content_types", null);
            assertThat(r.content()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(client.callTool("test_image_content", null).content().getFirst())
                    .isInstanceOf(dev.switchboard.protocol.content.ImageContent.class);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void concurrentCallsOnVirtualThreadsShareOneClient(Era era) throws Exception {
        try (McpClient client = RealServers.client(demo.endpoint(), era);
             var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = java.util.stream.IntStream.range(0, 50).mapToObj(i -> executor.submit(() ->
                    RealServers.text(client.callTool("echo", JsonObject.of("text", Json.of("n" + i)))))).toList();
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo("n" + i);
            }
        }
    }
}
