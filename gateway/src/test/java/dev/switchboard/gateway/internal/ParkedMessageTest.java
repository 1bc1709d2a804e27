package dev.switchboard.gateway.internal;

import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The messages gateway instances exchange about parked calls: each survives the bus encoding. */
class ParkedMessageTest {

    @Test
    void everyKindRoundTrips() {
        Map<String, InputRequest> asked = new LinkedHashMap<>();
        asked.put("input_2", InputRequest.elicit(ElicitRequest.form("Which city?", JsonObject.of("type", Json.of("object")))));
        asked.put("input_3", InputRequest.listRoots());
        List<ParkedMessage> all = List.of(
                new ParkedMessage.Answer("x1", "inst-b", "p1", List.of("input_1", "input_2"), 1,
                        JsonObject.of("input_1", Codec.encode(ElicitResult.accept(JsonObject.of("name", Json.of("Ada")))))),
                new ParkedMessage.Answer("x1", "inst-b", "p1", List.of("input_1"), 1, JsonObject.EMPTY),
                new ParkedMessage.Cancel("p1"),
                new ParkedMessage.Received("x1"),
                new ParkedMessage.Done("x1", Codec.encode(CallToolResult.of(TextContent.of("hi")))),
                new ParkedMessage.Asked("x1", asked, JsonObject.of("n", Json.of(2))),
                new ParkedMessage.NotWaiting("x1"),
                new ParkedMessage.Failed("x1", -31502, "Upstream u failed", JsonObject.of("upstream", Json.of("u"))),
                new ParkedMessage.Failed("x1", -32603, "no data", null));
        for (ParkedMessage m : all) {
            JsonObject wire = (JsonObject) Wire.parse(m.toJson().toString()); // as a Redis bus carries it
            assertThat(ParkedMessage.of(wire)).as(m.toString()).isEqualTo(m);
        }
        assertThat(((ParkedMessage.Asked) ParkedMessage.of(all.get(5).toJson())).requests().keySet())
                .containsExactly("input_2", "input_3");
    }

    @Test
    void aParkedStateSaysWhetherItsHolderConfirmsReceipt() {
        RelayState.Parked now = new RelayState.Parked("inst-a", "p1", List.of("input_1"), 2, true);
        assertThat(RelayState.of(now.toJson())).isEqualTo(now);
        // a state issued by a gateway from before receipts: its holder is waited for as before
        JsonObject older = (JsonObject) Wire.parse("{\"n\":2,\"i\":\"inst-a\",\"p\":\"p1\",\"k\":[\"input_1\"]}");
        assertThat(RelayState.of(older)).isEqualTo(new RelayState.Parked("inst-a", "p1", List.of("input_1"), 2, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"t\":\"shout\"}", "{\"t\":\"cancel\"}", "{\"t\":\"answer\",\"x\":\"x\",\"r\":\"b\",\"p\":\"p\",\"k\":\"k\"}",
            "{\"t\":\"answer\",\"x\":\"x\",\"r\":\"b\",\"p\":\"p\",\"k\":[\"k\"]}",
            "{\"t\":\"failed\",\"x\":\"x\",\"c\":\"-1\",\"m\":\"m\"}"})
    void aMalformedMessageIsRejectedNamingWhatIsWrong(String json) {
        assertThatThrownBy(() -> ParkedMessage.of((JsonObject) Wire.parse(json)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".*(message type|without|not a number|not an array).*");
    }
}
