package dev.switchboard.server;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Which methods are served, the log-level check that precedes them, and the result envelope. */
class MethodRoutingTest {
    private final McpServer server = Rpc.echoServer().build();

    @Test
    void answersAnUnknownMethodWithMethodNotFound() {
        McpException e = error(server, request(1, "tools/frobnicate", "{}"));
        assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
        assertThat(e.getMessage()).contains("tools/frobnicate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe"})
    void answersMethodsRemovedIn2026WithMethodNotFoundAndAHint(String method) {
        McpException e = error(server, request(1, method, "{}"));
        assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
        assertThat(e.getMessage()).contains(method).contains("session era");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prompts/list", "prompts/get", "resources/list", "resources/read",
            "resources/templates/list", "completion/complete"})
    void answersMethodsOfUndeclaredCapabilitiesWithMethodNotFound(String method) {
        assertThat(error(server, request(1, method, "{}")).code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
    }

    @Test
    void toolMethodsAreNotServedWithoutTools() {
        McpServer empty = McpServer.builder("empty", "0").build();
        assertThat(error(empty, request(1, "tools/list", "{}")).code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
        assertThat(error(empty, request(1, "tools/call", "{\"name\":\"x\"}")).code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
    }

    @Test
    void methodNamesAreCaseSensitive() {
        assertThat(error(server, request(1, "TOOLS/LIST", "{}")).code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
    }

    @Test
    void refusesAnUnknownLogLevel() {
        Request r = Rpc.withMeta(request(1, "tools/list", "{}"), MetaKeys.LOG_LEVEL, Json.of("verbose"));
        McpException e = error(server, r);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("verbose").contains("debug").contains("emergency");
    }

    @Test
    void refusesALogLevelThatIsNotAString() {
        Request r = Rpc.withMeta(request(1, "tools/list", "{}"), MetaKeys.LOG_LEVEL, JsonNumber.of(3));
        assertThat(error(server, r).code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void refusesALogLevelInTheWrongCase() {
        Request r = Rpc.withMeta(request(1, "tools/list", "{}"), MetaKeys.LOG_LEVEL, Json.of("INFO"));
        assertThat(error(server, r).code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void checksTheLogLevelBeforeTheMethod() {
        Request r = Rpc.withMeta(request(1, "no/such", "{}"), MetaKeys.LOG_LEVEL, Json.of("loud"));
        assertThat(error(server, r).code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"})
    void acceptsEveryStandardLogLevel(String level) throws Exception {
        Request r = Rpc.withMeta(request(1, "tools/list", "{}"), MetaKeys.LOG_LEVEL, Json.of(level));
        assertThat(handle(server, r).getString("resultType")).isEqualTo("complete");
    }

    @Test
    void runsNoHandlerForARefusedRequest() {
        AtomicInteger calls = new AtomicInteger();
        McpServer counting = McpServer.builder("t", "1")
                .tool(Rpc.textTool("count"), ToolHandler.of(c -> {
                    calls.incrementAndGet();
                    return dev.switchboard.protocol.tools.CallToolResult.of();
                }))
                .build();
        Request r = Rpc.withMeta(request(1, "tools/call", "{\"name\":\"count\"}"), MetaKeys.LOG_LEVEL, Json.of("nope"));
        error(counting, r);
        assertThat(calls).hasValue(0);
    }

    @Test
    void everyResultCarriesResultTypeAndServerInfo() throws Exception {
        for (Request r : new Request[]{request(1, "server/discover", "{}"), request(2, "tools/list", "{}"),
                request(3, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}")}) {
            JsonObject result = handle(server, r);
            assertThat(result.getString("resultType")).as(r.method()).isEqualTo("complete");
            assertThat(result.getObject("_meta").getObject(MetaKeys.SERVER_INFO).getString("name"))
                    .as(r.method()).isEqualTo("dev.switchboard/test");
        }
    }

    @Test
    void resultsNeverCarryTheSubscriptionIdOutsideListen() throws Exception {
        JsonObject result = handle(server, request(1, "tools/list", "{}"));
        assertThat(result.getObject("_meta").has(MetaKeys.SUBSCRIPTION_ID)).isFalse();
    }

    @Test
    void sendsNoNotificationsForAPlainRequest() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(server, request(1, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}"), "anonymous", sink);
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void isStreamingOnlyForListen() {
        assertThat(server.isStreaming("subscriptions/listen")).isTrue();
        assertThat(server.isStreaming("tools/call")).isFalse();
        assertThat(server.isStreaming("server/discover")).isFalse();
    }
}
