package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.EmptyResult;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.InitializeResult;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.ListPromptsResult;
import dev.switchboard.protocol.resources.ListResourceTemplatesResult;
import dev.switchboard.protocol.resources.ListResourcesResult;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenResult;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code resultType}: written first on every complete result, optional on decode, strict when present. */
class ResultTypeTest {

    /** A minimal valid body (without resultType) for each complete result type. */
    static Stream<Arguments> completeResults() {
        return Stream.of(
                Arguments.of(CallToolResult.class, "{\"content\":[]}"),
                Arguments.of(ListToolsResult.class, "{\"tools\":[],\"ttlMs\":0,\"cacheScope\":\"public\"}"),
                Arguments.of(ListPromptsResult.class, "{\"prompts\":[],\"ttlMs\":0,\"cacheScope\":\"public\"}"),
                Arguments.of(ListResourcesResult.class, "{\"resources\":[],\"ttlMs\":0,\"cacheScope\":\"public\"}"),
                Arguments.of(ListResourceTemplatesResult.class,
                        "{\"resourceTemplates\":[],\"ttlMs\":0,\"cacheScope\":\"public\"}"),
                Arguments.of(ReadResourceResult.class, "{\"contents\":[],\"ttlMs\":0,\"cacheScope\":\"public\"}"),
                Arguments.of(DiscoverResult.class, "{\"supportedVersions\":[],\"capabilities\":{},\"ttlMs\":0,"
                        + "\"cacheScope\":\"public\"}"),
                Arguments.of(GetPromptResult.class, "{\"messages\":[]}"),
                Arguments.of(CompleteResult.class, "{\"completion\":{\"values\":[]}}"),
                Arguments.of(SubscriptionsListenResult.class,
                        "{\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":1}}"),
                Arguments.of(EmptyResult.class, "{}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completeResults")
    void acceptsAnAbsentResultTypeAsComplete(Class<?> type, String body) {
        Object value = Codec.decode(Wire.parse(body), type, "result");
        assertThat(value).isInstanceOf(type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completeResults")
    void acceptsAnExplicitCompleteResultType(Class<?> type, String body) {
        JsonObject o = ((JsonObject) Wire.parse(body)).with("resultType", Json.of("complete"));
        assertThat(Codec.decode(o, type, "result")).isEqualTo(Codec.decode(Wire.parse(body), type, "result"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completeResults")
    void writesResultTypeCompleteFirst(Class<?> type, String body) {
        JsonObject out = Codec.encode(Codec.decode(Wire.parse(body), type));
        assertThat(out.members().keySet().iterator().next()).isEqualTo("resultType");
        assertThat(out.getString("resultType")).isEqualTo("complete");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completeResults")
    void refusesAnInputRequiredBodyAsACompleteResult(Class<?> type, String body) {
        JsonObject o = ((JsonObject) Wire.parse(body)).with("resultType", Json.of("input_required"));
        assertThatThrownBy(() -> Codec.decode(o, type, "result"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("result.resultType: expected \"complete\", got \"input_required\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completeResults")
    void refusesATaskResultTypeAsACompleteResult(Class<?> type, String body) {
        JsonObject o = ((JsonObject) Wire.parse(body)).with("resultType", Json.of("task"));
        assertThatThrownBy(() -> Codec.decode(o, type, "result")).isInstanceOf(DecodeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completeResults")
    void refusesANonStringResultType(Class<?> type, String body) {
        JsonObject o = ((JsonObject) Wire.parse(body)).with("resultType", Json.of(1));
        assertThatThrownBy(() -> Codec.decode(o, type, "result"))
                .hasMessage("result.resultType: expected string, got number");
    }

    @Test
    void writesInputRequiredFirstOnAnInterimResult() {
        JsonObject out = Codec.encode(InputRequiredResult.retry("s"));
        assertThat(out.members().keySet()).containsExactly("resultType", "requestState");
        assertThat(out.getString("resultType")).isEqualTo("input_required");
    }

    @Test
    void requiresInputRequiredOnAnInterimResult() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"requestState\":\"s\"}"), InputRequiredResult.class, "result"))
                .hasMessage("result.resultType: required string is missing");
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"resultType\":\"complete\",\"requestState\":\"s\"}"),
                InputRequiredResult.class, "result"))
                .hasMessage("result.resultType: expected \"input_required\", got \"complete\"");
    }

    @Test
    void tellsAnInterimResultFromACompleteOne() {
        assertThat(Codec.isInputRequired((JsonObject) Wire.parse("{\"resultType\":\"input_required\"}"))).isTrue();
        assertThat(Codec.isInputRequired((JsonObject) Wire.parse("{\"resultType\":\"complete\"}"))).isFalse();
        assertThat(Codec.isInputRequired(JsonObject.EMPTY)).isFalse();
        assertThat(Codec.isInputRequired((JsonObject) Wire.parse("{\"resultType\":1}"))).isFalse();
    }

    @Test
    void leavesResultTypeOffTheMrtrInputResponses() {
        assertThat(Codec.encode(ElicitResult.decline()).has("resultType")).isFalse();
        assertThat(Codec.encode(CreateMessageResult.of(dev.switchboard.protocol.content.TextContent.of("x"), "m", null))
                .has("resultType")).isFalse();
        assertThat(Codec.encode(ListRootsResult.of()).has("resultType")).isFalse();
    }

    @Test
    void ignoresAResultTypeOnAnInputResponse() {
        ElicitResult r = Codec.decode(Wire.parse("{\"resultType\":\"complete\",\"action\":\"cancel\"}"),
                ElicitResult.class);
        assertThat(r).isEqualTo(ElicitResult.cancel());
    }

    @Test
    void leavesResultTypeOffTheSessionEraInitializeResult() {
        InitializeResult r = new InitializeResult("2025-11-25", ServerCapabilities.EMPTY,
                Implementation.of("s", "1"), null, null);
        assertThat(Codec.encode(r).has("resultType")).isFalse();
    }

    @Test
    void writesTheEmptyAcknowledgement() {
        assertThat(Codec.encode(EmptyResult.of())).isEqualTo(Wire.parse("{\"resultType\":\"complete\"}"));
    }
}
