package dev.switchboard.client;

import dev.switchboard.testkit.RecordingProxy;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code x-mcp-header} mirroring into {@code Mcp-Param-*} (SEP-2243), against the fixture and scripted servers. */
class ParamHeadersTest {
    static McpHttpServer fixture;
    static RecordingProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        fixture = RealServers.fixture();
        proxy = new RecordingProxy(fixture.endpoint());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        fixture.close();
    }

    @Test
    void mirrorsTheAnnotatedArgumentAfterListingTools() {
        try (McpClient client = McpClient.builder(proxy.endpoint()).build()) {
            assertThat(client.listAllTools()).extracting(Tool::name).contains("test_mcp_param_header");
            var r = client.callTool("test_mcp_param_header", JsonObject.of("region", Json.of("eu-west-1")));
            assertThat(RealServers.text(r)).isEqualTo("region=eu-west-1");
        }
        assertThat(proxy.seen("tools/call").getLast().header("Mcp-Param-Region")).isEqualTo("eu-west-1");
    }

    @Test
    void aNonAsciiValueIsSentAsBase64() {
        try (McpClient client = McpClient.builder(proxy.endpoint()).build()) {
            client.listAllTools();
            var r = client.callTool("test_mcp_param_header", JsonObject.of("region", Json.of("Zürich ")));
            assertThat(RealServers.text(r)).isEqualTo("region=Zürich ");
        }
        assertThat(proxy.seen("tools/call").getLast().header("Mcp-Param-Region")).startsWith("=?base64?");
    }

    @Test
    void withoutAPriorListTheMismatchTriggersOneRefreshAndARetry() {
        int lists = proxy.seen("tools/list").size();
        int calls = proxy.seen("tools/call").size();
        try (McpClient client = McpClient.builder(proxy.endpoint()).build()) {
            var r = client.callTool("test_mcp_param_header", JsonObject.of("region", Json.of("us-east-2")));
            assertThat(RealServers.text(r)).isEqualTo("region=us-east-2");
        }
        assertThat(proxy.seen("tools/list")).hasSize(lists + 1);
        assertThat(proxy.seen("tools/call")).hasSize(calls + 2);
        assertThat(proxy.seen("tools/call").get(calls).status()).isEqualTo(400);
        assertThat(proxy.seen("tools/call").getLast().header("Mcp-Param-Region")).isEqualTo("us-east-2");
    }

    @Test
    void legacyCallsSendNoParamHeaders() {
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.LEGACY).build()) {
            client.listAllTools();
            client.callTool("test_mcp_param_header", JsonObject.of("region", Json.of("eu")));
        }
        assertThat(proxy.seen("tools/call").getLast().header("Mcp-Param-Region")).isNull();
    }

    // ---- scripted servers: encodings, invalid annotations, retry only once ---------------

    private static final String TOOLS = """
            {"resultType":"complete","ttlMs":0,"cacheScope":"public","tools":[
             {"name":"typed","inputSchema":{"type":"object","properties":{
               "s":{"type":"string","x-mcp-header":"S"},
               "i":{"type":"integer","x-mcp-header":"I"},
               "b":{"type":"boolean","x-mcp-header":"B"},
               "n":{"type":"object","properties":{"deep":{"type":"string","x-mcp-header":"Deep"}}},
               "plain":{"type":"string"}}}},
             {"name":"bad_number","inputSchema":{"type":"object","properties":{"x":{"type":"number","x-mcp-header":"X"}}}},
             {"name":"bad_token","inputSchema":{"type":"object","properties":{"x":{"type":"string","x-mcp-header":"a b"}}}},
             {"name":"bad_duplicate","inputSchema":{"type":"object","properties":{
               "x":{"type":"string","x-mcp-header":"Dup"},"y":{"type":"string","x-mcp-header":"dup"}}}},
             {"name":"bad_items","inputSchema":{"type":"object","properties":{
               "x":{"type":"array","items":{"type":"string","x-mcp-header":"Item"}}}}},
             {"name":"fine","inputSchema":{"type":"object"}}]}""";

    @Test
    void encodesEachTypeAndSkipsAbsentOrNullValues() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r,
                "tools/list".equals(r.method()) ? TOOLS : "{\"content\":[]}")));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            client.listAllTools();
            client.callTool("typed", (JsonObject) Wire.parse("""
                    {"s":"=?base64?x?=","i":42.0,"b":false,"n":{"deep":"down"},"plain":"p"}"""));
            var headers = server.received("tools/call").getLast();
            assertThat(headers.header("Mcp-Param-S")).isEqualTo("=?base64?PT9iYXNlNjQ/eD89?=");
            assertThat(headers.header("Mcp-Param-I")).isEqualTo("42");
            assertThat(headers.header("Mcp-Param-B")).isEqualTo("false");
            assertThat(headers.header("Mcp-Param-Deep")).isEqualTo("down");
            client.callTool("typed", (JsonObject) Wire.parse("{\"s\":null,\"i\":-7}"));
            var second = server.received("tools/call").getLast();
            assertThat(second.header("Mcp-Param-S")).isNull();
            assertThat(second.header("Mcp-Param-B")).isNull();
            assertThat(second.header("Mcp-Param-I")).isEqualTo("-7");
        }
    }

    @Test
    void dropsToolsWithInvalidAnnotations() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r, TOOLS)));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThat(client.listAllTools()).extracting(Tool::name).containsExactly("typed", "fine");
        }
    }

    @Test
    void retriesAHeaderMismatchOnlyOnce() {
        String mismatch = "{\"jsonrpc\":\"2.0\",\"id\":%s,\"error\":{\"code\":-32020,\"message\":\"Mcp-Param-S mismatch\"}}";
        AtomicInteger lists = new AtomicInteger();
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> {
            if ("tools/list".equals(r.method())) {
                lists.incrementAndGet();
                FakeServer.result(ex, r, TOOLS);
            } else {
                FakeServer.json(ex, 400, mismatch.formatted(r.id()));
            }
        }));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThatThrownBy(() -> client.callTool("typed", JsonObject.of("s", Json.of("v"))))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.HEADER_MISMATCH);
                        assertThat(e.httpStatus()).isEqualTo(400);
                    });
            assertThat(server.received("tools/call")).hasSize(2);
            assertThat(lists).hasValue(1);
        }
    }
}
