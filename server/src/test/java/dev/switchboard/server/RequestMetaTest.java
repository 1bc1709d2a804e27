package dev.switchboard.server;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import org.junit.jupiter.api.Test;

import static dev.switchboard.server.Rpc.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the protocol members of a 2026-07-28 request's {@code _meta}. */
class RequestMetaTest {

    private static Request raw(String paramsJson) {
        return new Request(RequestId.of(1), "tools/list", json(paramsJson));
    }

    private static McpException refusal(String paramsJson) {
        try {
            RequestMeta.read(raw(paramsJson));
        } catch (McpException e) {
            return e;
        }
        throw new AssertionError("expected -32602");
    }

    @Test
    void readsTheRequiredVersionAndCapabilities() {
        RequestMeta meta = RequestMeta.read(Rpc.request(1, "tools/list", "{}", "{\"elicitation\":{},\"roots\":{}}"));
        assertThat(meta.protocolVersion()).isEqualTo("2026-07-28");
        assertThat(meta.clientCapabilities().hasElicitationForm()).isTrue();
        assertThat(meta.clientCapabilities().hasRoots()).isTrue();
        assertThat(meta.clientCapabilities().hasSampling()).isFalse();
        assertThat(meta.clientInfo()).isNull();
        assertThat(meta.logLevel()).isNull();
        assertThat(meta.progressToken()).isNull();
    }

    @Test
    void keepsTheWholeMetaObject() {
        Request r = Rpc.request(1, "tools/list", "{\"_meta\":{\"com.example/trace\":\"abc\"}}");
        RequestMeta meta = RequestMeta.read(r);
        assertThat(meta.raw().getString("com.example/trace")).isEqualTo("abc");
        assertThat(meta.raw().getString(MetaKeys.PROTOCOL_VERSION)).isEqualTo("2026-07-28");
    }

    @Test
    void refusesARequestWithoutMetaNamingBothRequiredKeys() {
        McpException e = refusal("{}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains(MetaKeys.PROTOCOL_VERSION).contains(MetaKeys.CLIENT_CAPABILITIES);
    }

    @Test
    void refusesMetaThatIsNotAnObject() {
        McpException e = refusal("{\"_meta\":[]}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("array");
    }

    @Test
    void refusesAMissingProtocolVersion() {
        McpException e = refusal("{\"_meta\":{\"io.modelcontextprotocol/clientCapabilities\":{}}}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains(MetaKeys.PROTOCOL_VERSION);
    }

    @Test
    void refusesAProtocolVersionThatIsNotAString() {
        McpException e = refusal("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":20260728,"
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains(MetaKeys.PROTOCOL_VERSION);
    }

    @Test
    void refusesMissingCapabilities() {
        McpException e = refusal("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains(MetaKeys.CLIENT_CAPABILITIES);
    }

    @Test
    void refusesCapabilitiesThatAreNotAnObject() {
        McpException e = refusal("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":true}}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains(MetaKeys.CLIENT_CAPABILITIES);
    }

    @Test
    void readsClientInfoWhenWellFormed() {
        Request r = Rpc.request(1, "tools/list", "{\"_meta\":{\"io.modelcontextprotocol/clientInfo\":"
                + "{\"name\":\"inspector\",\"version\":\"0.9\"}}}");
        RequestMeta meta = RequestMeta.read(r);
        assertThat(meta.clientInfo().name()).isEqualTo("inspector");
        assertThat(meta.clientInfo().version()).isEqualTo("0.9");
    }

    @Test
    void ignoresASloppyClientInfo() {
        Request r = Rpc.request(1, "tools/list", "{\"_meta\":{\"io.modelcontextprotocol/clientInfo\":{\"name\":42}}}");
        assertThat(RequestMeta.read(r).clientInfo()).isNull();
        Request s = Rpc.request(1, "tools/list", "{\"_meta\":{\"io.modelcontextprotocol/clientInfo\":\"inspector\"}}");
        assertThat(RequestMeta.read(s).clientInfo()).isNull();
    }

    @Test
    void acceptsStringAndIntegerProgressTokens() {
        Request s = Rpc.request(1, "tools/list", "{\"_meta\":{\"progressToken\":\"tok\"}}");
        assertThat(RequestMeta.read(s).progressToken()).isEqualTo(Json.of("tok"));
        Request n = Rpc.request(1, "tools/list", "{\"_meta\":{\"progressToken\":7}}");
        assertThat(RequestMeta.read(n).progressToken()).isEqualTo(JsonNumber.of(7));
    }

    @Test
    void refusesAProgressTokenThatIsNeitherStringNorInteger() {
        for (String token : new String[]{"1.5", "true", "{}", "[]"}) {
            Request r = Rpc.request(1, "tools/list", "{\"_meta\":{\"progressToken\":" + token + "}}");
            assertThatThrownBy(() -> RequestMeta.read(r)).as(token)
                    .isInstanceOfSatisfying(McpException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                        assertThat(e.getMessage()).contains("progressToken");
                    });
        }
    }

    @Test
    void keepsTheLogLevelAsSentForLaterValidation() {
        Request r = Rpc.request(1, "tools/list", "{\"_meta\":{\"io.modelcontextprotocol/logLevel\":\"verbose\"}}");
        assertThat(RequestMeta.read(r).logLevel()).isEqualTo(Json.of("verbose"));
    }

    @Test
    void readsAnUnsupportedVersionWithoutJudgingIt() {
        Request r = raw("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"v999.0.0\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}");
        assertThat(RequestMeta.read(r).protocolVersion()).isEqualTo("v999.0.0");
    }

    @Test
    void readsDeclaredElicitationModes() {
        JsonObject caps = json("{\"elicitation\":{\"url\":{}}}");
        RequestMeta meta = RequestMeta.read(Rpc.request(1, "tools/list", "{}", caps.toString()));
        assertThat(meta.clientCapabilities().hasElicitationUrl()).isTrue();
        assertThat(meta.clientCapabilities().hasElicitationForm()).isFalse();
    }
}
