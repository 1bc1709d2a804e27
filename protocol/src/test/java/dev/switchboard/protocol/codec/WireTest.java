package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.codec.internal.JsonIo;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireTest {

    private static void assertParseError(String text) {
        assertThatThrownBy(() -> Wire.parse(text))
                .isInstanceOf(McpException.class)
                .satisfies(e -> assertThat(((McpException) e).code()).isEqualTo(ErrorCode.PARSE_ERROR))
                .hasMessageStartingWith("Parse error");
    }

    @Test
    void parsesEachKindOfValue() {
        assertThat(Wire.parse("{\"a\":[1,\"x\",true,null,{}]}")).isEqualTo(JsonObject.of("a",
                JsonArray.of(Json.of(1), Json.of("x"), Json.of(true), dev.switchboard.protocol.json.JsonNull.INSTANCE,
                        JsonObject.EMPTY)));
        assertThat(Wire.parse("\"s\"")).isEqualTo(new JsonString("s"));
        assertThat(Wire.parse(" 12 ")).isEqualTo(JsonNumber.of(12));
    }

    @Test
    void rejectsDuplicateKeys() {
        assertParseError("{\"a\":1,\"a\":2}");
    }

    @Test
    void rejectsDuplicateKeysInNestedObjects() {
        assertParseError("{\"params\":{\"name\":\"x\",\"name\":\"y\"}}");
    }

    @Test
    void rejectsTrailingGarbage() {
        assertParseError("{\"a\":1} x");
        assertParseError("{} {}");
        assertParseError("1 2");
    }

    @Test
    void namesTheLocationOfTrailingGarbage() {
        assertThatThrownBy(() -> Wire.parse("{}\n  ]")).hasMessageContaining("line 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "[1,]", "{'a':1}", "nul", "\"unterminated", "{\"a\" 1}",
            "01", "NaN", "{\"a\":1,}"})
    void rejectsMalformedJsonWithParseError(String text) {
        assertParseError(text);
    }

    @Test
    void refusesDeepNesting() {
        String deep = "[".repeat(JsonIo.MAX_DEPTH + 1) + "]".repeat(JsonIo.MAX_DEPTH + 1);
        assertParseError(deep);
        String deepObjects = "{\"a\":".repeat(JsonIo.MAX_DEPTH + 1) + "1" + "}".repeat(JsonIo.MAX_DEPTH + 1);
        assertParseError(deepObjects);
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        String ok = "[".repeat(JsonIo.MAX_DEPTH - 1) + "]".repeat(JsonIo.MAX_DEPTH - 1);
        assertThat(Wire.parse(ok)).isInstanceOf(JsonArray.class);
    }

    @Test
    void keepsBigNumbersThroughARoundTrip() {
        String text = "{\"big\":123456789012345678901234567890,\"precise\":3.14159265358979323846264338327950288,"
                + "\"tiny\":1e-400,\"huge\":1.5e400}";
        Json parsed = Wire.parse(text);
        Json again = Wire.parse(Wire.write(parsed));
        assertThat(again).isEqualTo(parsed);
        assertThat(((JsonNumber) ((JsonObject) again).get("big")).decimalValue().toPlainString())
                .isEqualTo("123456789012345678901234567890");
    }

    @Test
    void refusesAbsurdlyLongNumbers() {
        assertParseError("1" + "0".repeat(2000));
    }

    @Test
    void writesCompactUtf8() {
        JsonObject o = JsonObject.of("text", Json.of("héllo ✓ 😀"), "n", Json.of(1));
        byte[] bytes = Wire.write(o);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"héllo ✓ 😀\",\"n\":1}");
        assertThat(Wire.parse(bytes)).isEqualTo(o);
    }

    @Test
    void parsesEscapes() {
        assertThat(Wire.parse("\"\\u00e9\\n\\\"\\\\\\/\"")).isEqualTo(new JsonString("é\n\"\\/"));
    }

    @Test
    void parsesASliceOfABuffer() {
        byte[] buf = "xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8);
        assertThat(Wire.parse(buf, 2, 7)).isEqualTo(JsonObject.of("a", Json.of(1)));
    }

    @Test
    void parsesAStream() {
        var in = new ByteArrayInputStream("[true]".getBytes(StandardCharsets.UTF_8));
        assertThat(Wire.parse(in)).isEqualTo(JsonArray.of(Json.of(true)));
    }

    @Test
    void reportsParseErrorsFromStreamsAndBytes() {
        assertThatThrownBy(() -> Wire.parse(new ByteArrayInputStream("{".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(McpException.class);
        assertThatThrownBy(() -> Wire.parse("{,}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(McpException.class);
    }

    @Test
    void writesToAStreamWithoutClosingIt() {
        var out = new ByteArrayOutputStream() {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };
        Wire.write(JsonArray.EMPTY, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[]");
        assertThat(out.closed).isFalse();
    }

    @Test
    void readsAMessageFromBytes() {
        Message m = Wire.readMessage("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(m).isEqualTo(new Request(RequestId.of(7), "tools/list", JsonObject.EMPTY));
    }

    @Test
    void writesAMessage() {
        byte[] bytes = Wire.write(new Request(RequestId.of("a"), "ping", JsonObject.EMPTY));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}");
    }

    @Test
    void turnsABatchIntoInvalidRequestOnRead() {
        assertThatThrownBy(() -> Wire.readMessage("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(McpException.class)
                .satisfies(e -> assertThat(((McpException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void printsTextForDiagnostics() {
        assertThat(Wire.toText(JsonObject.of("a", Json.of("b")))).isEqualTo("{\"a\":\"b\"}");
    }
}
