package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.errors.MissingRequiredClientCapabilityError;
import dev.switchboard.protocol.errors.UnsupportedProtocolVersionError;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorCodecTest {
    private static final ClientCapabilities NEEDS_TASKS = new ClientCapabilities(null, null, null,
            JsonObject.of("io.modelcontextprotocol/tasks", JsonObject.EMPTY), null);

    @Test
    void buildsTheUnsupportedVersionErrorOfTheBrief() {
        JsonRpcError e = ErrorCodec.toJsonRpcError(
                UnsupportedProtocolVersionError.of("1900-01-01", List.of("2026-07-28", "2025-11-25")));
        assertThat(JsonRpcCodec.encode(new Response.Failure(RequestId.of(1), e))).isEqualTo(Wire.parse(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32022,\"message\":\"Unsupported protocol version\","
                        + "\"data\":{\"supported\":[\"2026-07-28\",\"2025-11-25\"],\"requested\":\"1900-01-01\"}}}"));
    }

    @Test
    void buildsTheMissingCapabilityErrorWithAnObjectNotAnArray() {
        JsonRpcError e = ErrorCodec.toJsonRpcError(MissingRequiredClientCapabilityError.of(NEEDS_TASKS));
        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
        assertThat(e.data()).isEqualTo(Wire.parse(
                "{\"requiredCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}"));
    }

    @Test
    void turnsTypedErrorsIntoExceptionsWithTheirData() {
        McpException unsupported = ErrorCodec.toException(UnsupportedProtocolVersionError.of("v999.0.0",
                List.of("2026-07-28")));
        assertThat(unsupported.code()).isEqualTo(-32022);
        assertThat(unsupported.getMessage()).isEqualTo("Unsupported protocol version");
        assertThat(((JsonObject) unsupported.data()).getString("requested")).isEqualTo("v999.0.0");
        McpException missing = ErrorCodec.toException(new MissingRequiredClientCapabilityError("needs roots",
                new ClientCapabilities(JsonObject.EMPTY, null, null, null, null)));
        assertThat(missing.code()).isEqualTo(-32021);
        assertThat(missing.toError().data()).isEqualTo(Wire.parse("{\"requiredCapabilities\":{\"roots\":{}}}"));
    }

    @Test
    void readsTypedErrorsBack() {
        UnsupportedProtocolVersionError u = UnsupportedProtocolVersionError.of("x", List.of("2026-07-28"));
        assertThat(Codec.decode(Codec.encode(u), UnsupportedProtocolVersionError.class)).isEqualTo(u);
        MissingRequiredClientCapabilityError m = MissingRequiredClientCapabilityError.of(NEEDS_TASKS);
        assertThat(Codec.decode(Codec.encode(m), MissingRequiredClientCapabilityError.class)).isEqualTo(m);
    }

    @Test
    void refusesATypedErrorWithAnotherCode() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"code\":-32602,\"message\":\"m\",\"data\":"
                + "{\"supported\":[],\"requested\":\"x\"}}"), UnsupportedProtocolVersionError.class, "error"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("error.code: expected -32022, got -32602");
    }

    @Test
    void namesThePathOfMissingErrorData() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"code\":-32022,\"message\":\"m\",\"data\":"
                + "{\"supported\":[]}}"), UnsupportedProtocolVersionError.class, "error"))
                .hasMessage("error.data.requested: required string is missing");
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"code\":-32021,\"message\":\"m\",\"data\":{}}"),
                MissingRequiredClientCapabilityError.class, "error"))
                .hasMessage("error.data.requiredCapabilities: required member is missing");
    }

    @Test
    void readsAPlainErrorObject() {
        JsonRpcError e = Codec.decode(Wire.parse("{\"code\":-32601,\"message\":\"Prompts not supported\","
                + "\"data\":{\"reason\":\"no prompts\"}}"), JsonRpcError.class);
        assertThat(e.code()).isEqualTo(-32601);
        assertThat(e.data()).isEqualTo(JsonObject.of("reason", Json.of("no prompts")));
    }

    @Test
    void keepsExplicitNullErrorData() {
        Json in = Wire.parse("{\"code\":-32603,\"message\":\"x\",\"data\":null}");
        JsonRpcError e = Codec.decode(in, JsonRpcError.class);
        assertThat(e.data()).isEqualTo(JsonNull.INSTANCE);
        assertThat(Codec.encode(e)).isEqualTo(in);
    }

    @Test
    void refusesANonIntegerOrOversizedCode() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"code\":1.5,\"message\":\"m\"}"), JsonRpcError.class, "error"))
                .hasMessage("error.code: expected a 32-bit integer, got 1.5");
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"code\":4294967296,\"message\":\"m\"}"), JsonRpcError.class,
                "error"))
                .hasMessage("error.code: expected a 32-bit integer, got 4294967296");
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"code\":\"-32600\",\"message\":\"m\"}"), JsonRpcError.class,
                "error"))
                .hasMessage("error.code: expected number, got string");
    }

    @Test
    void exposesTheCodesOnTheTypedErrors() {
        assertThat(UnsupportedProtocolVersionError.CODE).isEqualTo(ErrorCode.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(MissingRequiredClientCapabilityError.CODE).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
    }

    @Test
    void requiresTheMembersOfTypedErrors() {
        assertThatThrownBy(() -> UnsupportedProtocolVersionError.of(null, List.of())).hasMessage("requested");
        assertThatThrownBy(() -> UnsupportedProtocolVersionError.of("x", null)).hasMessage("supported");
        assertThatThrownBy(() -> MissingRequiredClientCapabilityError.of(null)).hasMessage("requiredCapabilities");
    }
}
