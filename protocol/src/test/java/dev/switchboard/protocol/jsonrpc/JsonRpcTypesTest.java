package dev.switchboard.protocol.jsonrpc;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRpcTypesTest {

    @Test
    void keepsTheJsonTypeOfAnId() {
        assertThat(RequestId.of("7").toJson()).isEqualTo(new JsonString("7"));
        assertThat(RequestId.of(7).toJson()).isEqualTo(JsonNumber.of(7));
        assertThat(RequestId.of("7")).isNotEqualTo(RequestId.of(7));
    }

    @Test
    void readsOnlyStringAndIntegerIds() {
        assertThat(RequestId.fromJson(Json.of("a"))).isEqualTo(RequestId.of("a"));
        assertThat(RequestId.fromJson(Json.of(3))).isEqualTo(RequestId.of(3));
        assertThat(RequestId.fromJson(JsonNumber.of(1.5))).isNull();
        assertThat(RequestId.fromJson(Json.of(true))).isNull();
        assertThat(RequestId.fromJson(JsonObject.EMPTY)).isNull();
    }

    @Test
    void printsIdsAsTheyAppearOnTheWire() {
        assertThat(RequestId.of("a")).hasToString("\"a\"");
        assertThat(RequestId.of(12)).hasToString("12");
    }

    @Test
    void refusesANullStringId() {
        assertThatThrownBy(() -> RequestId.of((String) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void defaultsMissingParamsToEmpty() {
        assertThat(new Request(RequestId.of(1), "m", null).params()).isSameAs(JsonObject.EMPTY);
        assertThat(new Notification("m", null).params()).isSameAs(JsonObject.EMPTY);
    }

    @Test
    void requiresTheEnvelopeMembers() {
        assertThatThrownBy(() -> new Request(null, "m", null)).hasMessage("id");
        assertThatThrownBy(() -> new Request(RequestId.of(1), null, null)).hasMessage("method");
        assertThatThrownBy(() -> new Notification(null, null)).hasMessage("method");
        assertThatThrownBy(() -> new Response.Success(null, JsonObject.EMPTY)).hasMessage("id");
        assertThatThrownBy(() -> new Response.Success(RequestId.of(1), null)).hasMessage("result");
        assertThatThrownBy(() -> new Response.Failure(null, null)).hasMessage("error");
        assertThatThrownBy(() -> new JsonRpcError(1, null, null)).hasMessage("message");
    }

    @Test
    void allowsAFailureWithoutId() {
        assertThat(new Response.Failure(null, new JsonRpcError(-32700, "Parse error", null)).id()).isNull();
    }

    @Test
    void carriesCodeAndDataOnAnException() {
        McpException e = new McpException(ErrorCode.HEADER_MISMATCH, "Mcp-Name mismatch", Json.of("x"));
        assertThat(e.code()).isEqualTo(-32020);
        assertThat(e.data()).isEqualTo(Json.of("x"));
        assertThat(e.toError()).isEqualTo(new JsonRpcError(-32020, "Mcp-Name mismatch", Json.of("x")));
    }

    @Test
    void buildsInvalidParams() {
        McpException e = McpException.invalidParams("Unknown tool: x");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.data()).isNull();
        assertThat(e.getMessage()).isEqualTo("Unknown tool: x");
    }

    @Test
    void keepsTheCause() {
        RuntimeException cause = new IllegalStateException("boom");
        McpException e = new McpException(ErrorCode.INTERNAL_ERROR, "Internal error", null, cause);
        assertThat(e).hasCause(cause);
    }

    @Test
    void namesEveryKnownCode() {
        assertThat(ErrorCode.nameOf(-32700)).isEqualTo("Parse error");
        assertThat(ErrorCode.nameOf(-32600)).isEqualTo("Invalid request");
        assertThat(ErrorCode.nameOf(-32601)).isEqualTo("Method not found");
        assertThat(ErrorCode.nameOf(-32602)).isEqualTo("Invalid params");
        assertThat(ErrorCode.nameOf(-32603)).isEqualTo("Internal error");
        assertThat(ErrorCode.nameOf(-32002)).isEqualTo("Resource not found");
        assertThat(ErrorCode.nameOf(-32020)).isEqualTo("Header mismatch");
        assertThat(ErrorCode.nameOf(-32021)).isEqualTo("Missing required client capability");
        assertThat(ErrorCode.nameOf(-32022)).isEqualTo("Unsupported protocol version");
        assertThat(ErrorCode.nameOf(-32042)).isEqualTo("URL elicitation required");
        assertThat(ErrorCode.nameOf(12345)).isEqualTo("Error 12345");
    }
}
