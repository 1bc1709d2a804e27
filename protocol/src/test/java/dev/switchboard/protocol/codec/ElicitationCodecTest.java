package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElicitationCodecTest {
    private static final JsonObject SCHEMA = (JsonObject) Wire.parse(
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}");

    @Test
    void readsAFormRequestWithoutModeAsForm() {
        ElicitRequest r = Codec.decode(JsonObject.of("message", Json.of("Name?"), "requestedSchema", SCHEMA),
                ElicitRequest.class);
        assertThat(r.mode()).isNull();
        assertThat(r.isForm()).isTrue();
        assertThat(r.isUrl()).isFalse();
        assertThat(Codec.encode(r).has("mode")).isFalse();
    }

    @Test
    void writesAFormRequestWithItsMode() {
        assertThat(Codec.encode(ElicitRequest.form("Name?", SCHEMA))).isEqualTo(
                JsonObject.builder().put("mode", "form").put("message", "Name?").put("requestedSchema", SCHEMA).build());
    }

    @Test
    void writesAUrlRequest() {
        assertThat(Codec.encode(ElicitRequest.url("Set your key", "https://x/key"))).isEqualTo(
                Wire.parse("{\"mode\":\"url\",\"message\":\"Set your key\",\"url\":\"https://x/key\"}"));
    }

    @Test
    void requiresASchemaInFormMode() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"mode\":\"form\",\"message\":\"m\"}"), ElicitRequest.class,
                "params"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("params.requestedSchema: required object is missing");
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"message\":\"m\"}"), ElicitRequest.class, "params"))
                .hasMessage("params.requestedSchema: required object is missing");
    }

    @Test
    void requiresAUrlInUrlMode() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"mode\":\"url\",\"message\":\"m\"}"), ElicitRequest.class,
                "params"))
                .hasMessage("params.url: required string is missing");
    }

    @Test
    void ignoresASchemaSentAlongAUrlRequest() {
        ElicitRequest r = Codec.decode(Wire.parse("{\"mode\":\"url\",\"message\":\"m\",\"url\":\"https://x\","
                + "\"requestedSchema\":{\"type\":\"object\"}}"), ElicitRequest.class);
        assertThat(r.requestedSchema()).isNull();
    }

    @Test
    void keepsWhatItCanOfAnUnknownMode() {
        Json in = Wire.parse("{\"mode\":\"voice\",\"message\":\"Say it\",\"url\":\"tel:123\"}");
        ElicitRequest r = Codec.decode(in, ElicitRequest.class);
        assertThat(r.mode()).isEqualTo("voice");
        assertThat(r.isForm()).isFalse();
        assertThat(r.isUrl()).isFalse();
        assertThat(Codec.encode(r)).isEqualTo(in);
    }

    @Test
    void refusesANonStringMode() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"mode\":1,\"message\":\"m\"}"), ElicitRequest.class, "p"))
                .hasMessage("p.mode: expected string, got number");
    }

    @Test
    void checksModeRequirementsWhenBuilt() {
        assertThatThrownBy(() -> new ElicitRequest("url", "m", null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("url");
        assertThatThrownBy(() -> new ElicitRequest(null, "m", null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("requestedSchema");
        assertThatThrownBy(() -> ElicitRequest.form(null, SCHEMA))
                .isInstanceOf(NullPointerException.class).hasMessage("message");
        assertThat(new ElicitRequest("future", "m", null, null, null).mode()).isEqualTo("future");
    }

    @ParameterizedTest
    @EnumSource(ElicitResult.Action.class)
    void readsEveryAction(ElicitResult.Action action) {
        ElicitResult r = Codec.decode(JsonObject.of("action", Json.of(action.wire())), ElicitResult.class);
        assertThat(r.action()).isEqualTo(action);
        assertThat(ElicitResult.Action.fromWire(action.wire())).isEqualTo(action);
    }

    @Test
    void refusesAnUnknownAction() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"action\":\"maybe\"}"), ElicitResult.class,
                "params.inputResponses.login"))
                .hasMessage("params.inputResponses.login.action: expected \"accept\", \"decline\" or \"cancel\","
                        + " got \"maybe\"");
        assertThat(ElicitResult.Action.fromWire("ACCEPT")).isNull();
    }

    @Test
    void writesTheSubmittedContentOfAnAcceptance() {
        JsonObject content = (JsonObject) Wire.parse("{\"name\":\"octocat\",\"age\":30,\"tags\":[\"a\"],\"ok\":true}");
        assertThat(Codec.encode(ElicitResult.accept(content)))
                .isEqualTo(JsonObject.of("action", Json.of("accept"), "content", content));
    }

    @Test
    void writesDeclineAndCancelWithoutContent() {
        assertThat(Codec.encode(ElicitResult.decline())).isEqualTo(Wire.parse("{\"action\":\"decline\"}"));
        assertThat(Codec.encode(ElicitResult.cancel())).isEqualTo(Wire.parse("{\"action\":\"cancel\"}"));
    }

    @Test
    void refusesContentThatIsNotAnObject() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"action\":\"accept\",\"content\":\"x\"}"),
                ElicitResult.class, "r"))
                .hasMessage("r.content: expected object, got string");
    }
}
