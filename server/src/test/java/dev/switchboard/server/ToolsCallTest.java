package dev.switchboard.server;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.isError;
import static dev.switchboard.server.Rpc.json;
import static dev.switchboard.server.Rpc.request;
import static dev.switchboard.server.Rpc.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code tools/call}: argument validation, handler failures, output schema, and what a handler sees. */
class ToolsCallTest {
    private static final JsonObject ADD_SCHEMA = Rpc.objectSchema(
            "{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"},"
                    + "\"opts\":{\"type\":\"object\",\"properties\":{\"mode\":{\"type\":\"string\",\"enum\":[\"fast\",\"slow\"]}}}}",
            "a", "b");

    private static Request call(String name, String argumentsJson) {
        return request(1, "tools/call", argumentsJson == null ? "{\"name\":\"" + name + "\"}"
                : "{\"name\":\"" + name + "\",\"arguments\":" + argumentsJson + "}");
    }

    private static McpServer with(String name, JsonObject schema, ToolHandler handler) {
        return McpServer.builder("t", "1").tool(Tool.of(name, "test tool", schema), handler).build();
    }

    private static McpServer adder() {
        return with("add", ADD_SCHEMA, ToolHandler.of(c -> CallToolResult.of(TextContent.of(
                c.arguments().get("a") + "+" + c.arguments().get("b")))));
    }

    @Test
    void callsTheToolWithItsArguments() throws Exception {
        JsonObject result = handle(adder(), call("add", "{\"a\":1,\"b\":2}"));
        assertThat(result.getString("resultType")).isEqualTo("complete");
        assertThat(text(result)).isEqualTo("1+2");
        assertThat(isError(result)).isFalse();
    }

    @Test
    void answersInvalidArgumentsWithAToolErrorNamingThePath() throws Exception {
        JsonObject result = handle(adder(), call("add", "{\"a\":1,\"b\":\"two\"}"));
        assertThat(isError(result)).isTrue();
        assertThat(text(result)).contains("Invalid arguments for tool add").contains("b");
    }

    @Test
    void namesTheNestedPathOfAnInvalidArgument() throws Exception {
        JsonObject result = handle(adder(), call("add", "{\"a\":1,\"b\":2,\"opts\":{\"mode\":\"warp\"}}"));
        assertThat(isError(result)).isTrue();
        assertThat(text(result)).contains("opts").contains("mode");
    }

    @Test
    void namesAMissingRequiredArgument() throws Exception {
        JsonObject result = handle(adder(), call("add", "{\"a\":1}"));
        assertThat(isError(result)).isTrue();
        assertThat(text(result)).contains("b");
    }

    @Test
    void doesNotRunTheHandlerForInvalidArguments() throws Exception {
        AtomicReference<ToolCall> seen = new AtomicReference<>();
        McpServer server = with("add", ADD_SCHEMA, ToolHandler.of(c -> {
            seen.set(c);
            return CallToolResult.of();
        }));
        handle(server, call("add", "{}"));
        assertThat(seen.get()).isNull();
    }

    @Test
    void treatsAbsentArgumentsAsAnEmptyObject() throws Exception {
        AtomicReference<JsonObject> seen = new AtomicReference<>();
        McpServer server = with("noargs", Rpc.objectSchema("{\"x\":{\"type\":\"string\"}}"), ToolHandler.of(c -> {
            seen.set(c.arguments());
            return CallToolResult.of();
        }));
        handle(server, call("noargs", null));
        assertThat(seen.get()).isEqualTo(JsonObject.EMPTY);
        handle(server, call("noargs", "null"));
        assertThat(seen.get()).isEqualTo(JsonObject.EMPTY);
    }

    @Test
    void validatesAbsentArgumentsAgainstRequiredProperties() throws Exception {
        JsonObject result = handle(adder(), call("add", null));
        assertThat(isError(result)).isTrue();
        assertThat(text(result)).contains("a");
    }

    @Test
    void refusesArgumentsThatAreNotAnObject() {
        McpException e = error(adder(), call("add", "[1,2]"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("arguments");
    }

    @Test
    void refusesAnUnknownTool() {
        McpException e = error(adder(), call("subtract", "{}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("subtract").contains("tools/list");
    }

    @Test
    void refusesACallWithoutName() {
        McpException e = error(adder(), request(1, "tools/call", "{\"arguments\":{}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("name");
    }

    @Test
    void turnsAHandlerExceptionIntoAToolError() throws Exception {
        McpServer server = with("fail", Rpc.objectSchema("{}"), ToolHandler.of(c -> {
            throw new IOException("disk on fire");
        }));
        JsonObject result = handle(server, call("fail", "{}"));
        assertThat(result.getString("resultType")).isEqualTo("complete");
        assertThat(isError(result)).isTrue();
        assertThat(text(result)).isEqualTo("Tool fail failed: disk on fire");
    }

    @Test
    void namesTheExceptionTypeWhenItHasNoMessage() throws Exception {
        McpServer server = with("npe", Rpc.objectSchema("{}"), ToolHandler.of(c -> {
            throw new NullPointerException();
        }));
        assertThat(text(handle(server, call("npe", "{}")))).isEqualTo("Tool npe failed: NullPointerException");
    }

    @Test
    void passesAnMcpExceptionThroughAsAProtocolError() {
        McpServer server = with("strict", Rpc.objectSchema("{}"), ToolHandler.of(c -> {
            throw new McpException(ErrorCode.INVALID_PARAMS, "not today", JsonObject.of("why", Json.of("policy")));
        }));
        McpException e = error(server, call("strict", "{}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).isEqualTo("not today");
        assertThat(e.data()).isEqualTo(JsonObject.of("why", Json.of("policy")));
    }

    @Test
    void returnsAToolErrorResultAsIs() throws Exception {
        McpServer server = with("soft", Rpc.objectSchema("{}"), ToolHandler.of(c -> CallToolResult.error("no such city")));
        JsonObject result = handle(server, call("soft", "{}"));
        assertThat(isError(result)).isTrue();
        assertThat(text(result)).isEqualTo("no such city");
    }

    // ---- outputSchema -------------------------------------------------------------------

    private static McpServer structured(Json structured) {
        Tool tool = Tool.builder("weather", Rpc.objectSchema("{}"))
                .outputSchema(json("{\"type\":\"object\",\"properties\":{\"celsius\":{\"type\":\"number\"}},\"required\":[\"celsius\"]}"))
                .build();
        return McpServer.builder("t", "1")
                .tool(tool, ToolHandler.of(c -> new CallToolResult(java.util.List.of(TextContent.of("ok")), structured, null, null)))
                .build();
    }

    @Test
    void returnsStructuredContentThatMatchesTheOutputSchema() throws Exception {
        JsonObject result = handle(structured(json("{\"celsius\":21.5}")), call("weather", "{}"));
        assertThat(result.getObject("structuredContent")).isEqualTo(json("{\"celsius\":21.5}"));
    }

    @Test
    void answersStructuredContentViolatingTheOutputSchemaWithInternalError() {
        McpException e = error(structured(json("{\"celsius\":\"warm\"}")), call("weather", "{}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(e.getMessage()).contains("weather").contains("outputSchema");
    }

    @Test
    void answersMissingStructuredContentWithInternalError() {
        McpException e = error(structured(null), call("weather", "{}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(e.getMessage()).contains("structuredContent");
    }

    @Test
    void doesNotCheckTheOutputSchemaOfAToolError() throws Exception {
        Tool tool = Tool.builder("weather", Rpc.objectSchema("{}"))
                .outputSchema(json("{\"type\":\"object\",\"required\":[\"celsius\"]}")).build();
        McpServer server = McpServer.builder("t", "1")
                .tool(tool, ToolHandler.of(c -> CallToolResult.error("sensor offline"))).build();
        assertThat(isError(handle(server, call("weather", "{}")))).isTrue();
    }

    // ---- what the handler sees ---------------------------------------------------------

    @Test
    void handlerSeesTheRequestContext() throws Exception {
        AtomicReference<ToolCall> seen = new AtomicReference<>();
        McpServer server = with("ctx", Rpc.objectSchema("{}"), ToolHandler.of(c -> {
            seen.set(c);
            return CallToolResult.of();
        }));
        Request r = request("req-9", "tools/call",
                "{\"name\":\"ctx\",\"arguments\":{},\"_meta\":{\"io.modelcontextprotocol/clientInfo\":"
                        + "{\"name\":\"cli\",\"version\":\"1\"},\"com.example/tenant\":\"acme\"}}",
                "{\"roots\":{}}");
        handle(server, r, "alice");
        ToolCall c = seen.get();
        assertThat(c.name()).isEqualTo("ctx");
        assertThat(c.state()).isNull();
        assertThat(c.responses()).isEqualTo(InputResponses.NONE);
        RequestContext ctx = c.context();
        assertThat(ctx.requestId()).isEqualTo(RequestId.of("req-9"));
        assertThat(ctx.method()).isEqualTo("tools/call");
        assertThat(ctx.protocolVersion()).isEqualTo("2026-07-28");
        assertThat(ctx.principal().subject()).isEqualTo("alice");
        assertThat(ctx.clientInfo().name()).isEqualTo("cli");
        assertThat(ctx.clientCapabilities().hasRoots()).isTrue();
        assertThat(ctx.meta().getString("com.example/tenant")).isEqualTo("acme");
        assertThat(ctx.meta().getString(MetaKeys.PROTOCOL_VERSION)).isEqualTo("2026-07-28");
        assertThat(ctx.cancellation().isCancelled()).isFalse();
    }

    @Test
    void handlerSeesTheTransportsCancellation() throws Exception {
        CancellationSignal signal = new CancellationSignal();
        AtomicReference<Cancellation> seen = new AtomicReference<>();
        McpServer server = with("ctx", Rpc.objectSchema("{}"), ToolHandler.of(c -> {
            seen.set(c.context().cancellation());
            return CallToolResult.of();
        }));
        handle(server, call("ctx", "{}"), "anonymous", new RecordingSink(), signal);
        assertThat(seen.get()).isSameAs(signal);
    }

    @Test
    void aHandlerInterruptedByCancellationEndsTheRequestWithCancellation() {
        CancellationSignal signal = new CancellationSignal();
        McpServer server = with("slow", Rpc.objectSchema("{}"), ToolHandler.of(c -> {
            signal.cancel();
            throw new InterruptedException("interrupted");
        }));
        assertThatThrownBy(() -> handle(server, call("slow", "{}"), "anonymous", new RecordingSink(), signal))
                .isInstanceOf(CancellationException.class);
        assertThat(Thread.interrupted()).as("the interrupt is restored for the transport").isTrue();
    }

    @Test
    void aHandlerFailingAfterCancellationEndsTheRequestWithCancellation() {
        CancellationSignal signal = new CancellationSignal();
        McpServer server = with("slow", Rpc.objectSchema("{}"), ToolHandler.of(c -> {
            signal.cancel();
            throw new IOException("stream closed");
        }));
        assertThatThrownBy(() -> handle(server, call("slow", "{}"), "anonymous", new RecordingSink(), signal))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void aHandlerThrowIfCancelledEndsTheRequestWithCancellation() {
        CancellationSignal signal = new CancellationSignal();
        signal.cancel();
        McpServer server = with("slow", Rpc.objectSchema("{}"), ToolHandler.of(c -> {
            c.context().cancellation().throwIfCancelled();
            return CallToolResult.of();
        }));
        assertThatThrownBy(() -> handle(server, call("slow", "{}"), "anonymous", new RecordingSink(), signal))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void aToolAddedAtRuntimeCanBeCalledAndARemovedOneCannot() throws Exception {
        McpServer server = adder();
        server.addTool(Rpc.textTool("echo"), Rpc.echo());
        assertThat(text(handle(server, call("echo", "{\"text\":\"hi\"}")))).isEqualTo("hi");
        server.removeTool("echo");
        assertThat(error(server, call("echo", "{\"text\":\"hi\"}")).code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }
}
