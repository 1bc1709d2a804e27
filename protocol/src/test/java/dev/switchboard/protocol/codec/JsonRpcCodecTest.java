package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRpcCodecTest {

    private static Message decode(String text) {
        return JsonRpcCodec.decode(Wire.parse(text));
    }

    private static void assertInvalidRequest(String text, String messagePart) {
        assertThatThrownBy(() -> decode(text))
                .isInstanceOf(McpException.class)
                .satisfies(e -> assertThat(((McpException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining(messagePart);
    }

    @Test
    void rejectsBatchWithInvalidRequest() {
        assertInvalidRequest("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "batches are not supported");
    }

    @Test
    void rejectsAnEmptyBatchWithInvalidRequest() {
        assertInvalidRequest("[]", "batches");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"x\"", "true", "null"})
    void rejectsNonObjectMessages(String text) {
        assertInvalidRequest(text, "must be a JSON object");
    }

    @Test
    void rejectsAMissingOrWrongVersion() {
        assertInvalidRequest("{\"id\":1,\"method\":\"ping\"}", "\"jsonrpc\" must be \"2.0\", got nothing");
        assertInvalidRequest("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", "\"jsonrpc\" must be \"2.0\"");
        assertInvalidRequest("{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}", "\"jsonrpc\" must be \"2.0\"");
    }

    @Test
    void rejectsANonStringMethod() {
        assertInvalidRequest("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}", "\"method\" must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "true", "{}", "[]", "null"})
    void rejectsARequestIdThatIsNeitherStringNorInteger(String id) {
        assertInvalidRequest("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}", "\"id\"");
    }

    @Test
    void rejectsNonObjectParams() {
        assertInvalidRequest("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":[1]}",
                "\"params\" must be an object, got array");
    }

    @Test
    void rejectsSomethingThatIsNoMessage() {
        assertInvalidRequest("{\"jsonrpc\":\"2.0\",\"id\":1}", "neither");
    }

    @Test
    void rejectsAResultThatIsNotAnObject() {
        assertInvalidRequest("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[]}", "\"result\" must be an object");
    }

    @Test
    void rejectsAResultWithoutId() {
        assertInvalidRequest("{\"jsonrpc\":\"2.0\",\"result\":{}}", "needs a string or integer \"id\"");
    }

    @Test
    void keepsAStringIdAsAString() {
        Request r = (Request) decode("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"ping\"}");
        assertThat(r.id()).isEqualTo(RequestId.of("1"));
        assertThat(JsonRpcCodec.encode(r).get("id")).isEqualTo(new JsonString("1"));
    }

    @Test
    void keepsANumericIdAsANumber() {
        Request r = (Request) decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertThat(r.id()).isEqualTo(RequestId.of(1));
        assertThat(JsonRpcCodec.encode(r).get("id")).isEqualTo(JsonNumber.of(1));
        assertThat(r.id()).isNotEqualTo(RequestId.of("1"));
    }

    @Test
    void acceptsAnIntegralIdWrittenWithAFraction() {
        Request r = (Request) decode("{\"jsonrpc\":\"2.0\",\"id\":3.0,\"method\":\"ping\"}");
        assertThat(r.id()).isEqualTo(RequestId.of(3));
    }

    @Test
    void decodesANotificationWhenThereIsNoId() {
        Message m = decode("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}");
        assertThat(m).isInstanceOf(Notification.class);
        assertThat(((Notification) m).params().get("progress")).isEqualTo(Json.of(1));
    }

    @Test
    void readsAbsentOrNullParamsAsEmpty() {
        assertThat(((Request) decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}")).params())
                .isSameAs(JsonObject.EMPTY);
        assertThat(((Request) decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":null}")).params())
                .isSameAs(JsonObject.EMPTY);
    }

    @Test
    void decodesASuccessResponse() {
        Message m = decode("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{\"resultType\":\"complete\"}}");
        assertThat(m).isEqualTo(new Response.Success(RequestId.of("x"),
                JsonObject.of("resultType", Json.of("complete"))));
    }

    @Test
    void decodesAnErrorResponseWithData() {
        Message m = decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"bad\","
                + "\"data\":{\"path\":\"params.name\"}}}");
        Response.Failure f = (Response.Failure) m;
        assertThat(f.id()).isEqualTo(RequestId.of(1));
        assertThat(f.error().code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(f.error().message()).isEqualTo("bad");
        assertThat(f.error().data()).isEqualTo(JsonObject.of("path", Json.of("params.name")));
    }

    @Test
    void decodesAnErrorResponseWithoutId() {
        Response.Failure f = (Response.Failure) decode(
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
        assertThat(f.id()).isNull();
        assertThat(JsonRpcCodec.encode(f).get("id")).isEqualTo(JsonNull.INSTANCE);
    }

    @Test
    void peeksTheIdOfAnOtherwiseBrokenMessage() {
        assertThat(JsonRpcCodec.peekId(Wire.parse("{\"id\":\"abc\",\"method\":5}"))).isEqualTo(RequestId.of("abc"));
        assertThat(JsonRpcCodec.peekId(Wire.parse("{\"id\":9}"))).isEqualTo(RequestId.of(9));
        assertThat(JsonRpcCodec.peekId(Wire.parse("{\"id\":true}"))).isNull();
        assertThat(JsonRpcCodec.peekId(Wire.parse("[1]"))).isNull();
        assertThat(JsonRpcCodec.peekId(Wire.parse("{}"))).isNull();
    }

    @Test
    void encodesARequestWithoutEmptyParams() {
        JsonObject o = JsonRpcCodec.encode(new Request(RequestId.of(1), "tools/list", JsonObject.EMPTY));
        assertThat(o.has("params")).isFalse();
        assertThat(o.members().keySet()).containsExactly("jsonrpc", "id", "method");
    }

    @Test
    void encodesANotificationWithParams() {
        JsonObject o = JsonRpcCodec.encode(new Notification("notifications/message",
                JsonObject.of("level", Json.of("info"))));
        assertThat(o).isEqualTo(Wire.parse(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\"}}"));
    }

    @Test
    void encodesAnErrorWithAndWithoutData() {
        assertThat(JsonRpcCodec.encode(new JsonRpcError(-32601, "nope", null)))
                .isEqualTo(Wire.parse("{\"code\":-32601,\"message\":\"nope\"}"));
        assertThat(JsonRpcCodec.encode(new JsonRpcError(-32601, "nope", Json.of("x"))))
                .isEqualTo(Wire.parse("{\"code\":-32601,\"message\":\"nope\",\"data\":\"x\"}"));
    }

    @Test
    void roundTripsEachMessageKind() {
        for (String text : new String[] {
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"r\",\"result\":{\"resultType\":\"complete\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32603,\"message\":\"Internal error\"}}"}) {
            Json in = Wire.parse(text);
            assertThat(JsonRpcCodec.encode(JsonRpcCodec.decode(in))).isEqualTo(in);
        }
    }

    @Test
    void mapsAMalformedErrorCodeToInternalError() {
        Response.Failure f = (Response.Failure) decode(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"x\"}}");
        assertThat(f.error().code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(f.error().message()).isEmpty();
    }
}
