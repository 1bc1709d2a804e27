package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.roots.Root;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.tools.CallToolRequest;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputResponsesTest {

    private static Map<String, Json> responses() {
        Map<String, Json> m = new LinkedHashMap<>();
        m.put("github_login", Codec.encode(ElicitResult.accept(
                dev.switchboard.protocol.json.JsonObject.of("name", Json.of("octocat")))));
        m.put("capital", Codec.encode(CreateMessageResult.of(TextContent.of("Paris"), "m", "endTurn")));
        m.put("roots", Codec.encode(ListRootsResult.of(Root.of("file:///home", "home"))));
        return m;
    }

    @Test
    void readsEachKindByKey() {
        Map<String, Json> m = responses();
        assertThat(InputResponses.elicitResult(m, "github_login").content().getString("name")).isEqualTo("octocat");
        assertThat(InputResponses.createMessageResult(m, "capital").content()).containsExactly(TextContent.of("Paris"));
        assertThat(InputResponses.listRootsResult(m, "roots").roots()).containsExactly(Root.of("file:///home", "home"));
    }

    @Test
    void returnsNullForAMissingKeySoTheServerCanAskAgain() {
        assertThat(InputResponses.elicitResult(responses(), "other")).isNull();
        assertThat(InputResponses.createMessageResult(responses(), "other")).isNull();
        assertThat(InputResponses.listRootsResult(responses(), "other")).isNull();
        assertThat(InputResponses.elicitResult((Map<String, Json>) null, "k")).isNull();
    }

    @Test
    void namesTheKeyOfAMalformedResponse() {
        Map<String, Json> m = Map.of("github_login", Wire.parse("{\"action\":\"yes\"}"));
        assertThatThrownBy(() -> InputResponses.elicitResult(m, "github_login"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("params.inputResponses.github_login.action: expected \"accept\", \"decline\" or \"cancel\","
                        + " got \"yes\"")
                .satisfies(e -> assertThat(((DecodeException) e).code()).isEqualTo(-32602));
    }

    @Test
    void namesTheKeyWhenAResponseHasTheWrongShape() {
        Map<String, Json> m = Map.of("capital", Wire.parse("{\"action\":\"accept\"}"));
        assertThatThrownBy(() -> InputResponses.createMessageResult(m, "capital"))
                .hasMessage("params.inputResponses.capital.content: required member is missing");
        Map<String, Json> r = Map.of("roots", Wire.parse("[]"));
        assertThatThrownBy(() -> InputResponses.listRootsResult(r, "roots"))
                .hasMessage("params.inputResponses.roots: expected object, got array");
    }

    @Test
    void decodesASingleValueWithTheCallersPath() {
        assertThat(InputResponses.elicitResult(Wire.parse("{\"action\":\"cancel\"}"), "x")).isEqualTo(ElicitResult.cancel());
        assertThatThrownBy(() -> InputResponses.listRootsResult(Wire.parse("{}"), "task.input.r"))
                .hasMessage("task.input.r.roots: required array is missing");
        assertThat(InputResponses.createMessageResult(Codec.encode(CreateMessageResult.of(TextContent.of("x"), "m",
                null)), "p").model()).isEqualTo("m");
    }

    @Test
    void readsResponsesStraightFromARetriedToolCall() {
        Request retry = (Request) JsonRpcCodec.decode(Wire.parse("{\"jsonrpc\":\"2.0\",\"id\":2,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"deploy\",\"arguments\":{},"
                + "\"inputResponses\":{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}},"
                + "\"requestState\":\"st\"}}"));
        assertThat(retry.id()).isEqualTo(RequestId.of(2));
        CallToolRequest call = Codec.decodeParams(retry, CallToolRequest.class);
        ElicitResult confirm = InputResponses.elicitResult(call.inputResponses(), "confirm");
        assertThat(confirm.action()).isEqualTo(ElicitResult.Action.ACCEPT);
        assertThat(confirm.content().get("ok")).isEqualTo(Json.of(true));
    }
}
