package dev.switchboard.protocol.mrtr;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.roots.ListRootsRequest;
import dev.switchboard.protocol.sampling.CreateMessageRequest;
import dev.switchboard.protocol.sampling.SamplingMessage;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputRequestTest {
    private static final JsonObject E = JsonObject.EMPTY;
    private static final JsonObject SCHEMA = JsonObject.of("type", Json.of("object"), "properties", E);
    private static final InputRequest FORM = InputRequest.elicit(ElicitRequest.form("Name?", SCHEMA));
    private static final InputRequest URL = InputRequest.elicit(ElicitRequest.url("Key?", "https://x"));
    private static final InputRequest SAMPLE = InputRequest.sample(CreateMessageRequest.of(10, SamplingMessage.user("q")));
    private static final InputRequest SAMPLE_WITH_TOOLS = InputRequest.sample(new CreateMessageRequest(
            List.of(SamplingMessage.user("q")), null, null, null, null, 10, null, null,
            List.of(Tool.of("t", null, SCHEMA)), null, null));
    private static final InputRequest SAMPLE_WITH_TOOL_CHOICE = InputRequest.sample(new CreateMessageRequest(
            List.of(SamplingMessage.user("q")), null, null, null, null, 10, null, null, null,
            JsonObject.of("mode", Json.of("none")), null));
    private static final InputRequest ROOTS = InputRequest.listRoots();

    private static ClientCapabilities caps(JsonObject roots, JsonObject sampling, JsonObject elicitation) {
        return new ClientCapabilities(roots, sampling, elicitation, null, null);
    }

    @Test
    void namesTheMethodOfEachKind() {
        assertThat(FORM.method()).isEqualTo(Methods.ELICITATION_CREATE);
        assertThat(SAMPLE.method()).isEqualTo(Methods.SAMPLING_CREATE_MESSAGE);
        assertThat(ROOTS.method()).isEqualTo(Methods.ROOTS_LIST);
        assertThat(new InputRequest.Unknown("x/y", null).method()).isEqualTo("x/y");
    }

    @Test
    void exposesTypedParamsOnlyForItsOwnKind() {
        assertThat(FORM.asElicit().message()).isEqualTo("Name?");
        assertThat(FORM.asSample()).isNull();
        assertThat(FORM.asListRoots()).isNull();
        assertThat(SAMPLE.asSample().maxTokens()).isEqualTo(10);
        assertThat(ROOTS.asListRoots()).isSameAs(ListRootsRequest.EMPTY);
        InputRequest unknown = new InputRequest.Unknown("x/y", E);
        assertThat(unknown.asElicit()).isNull();
        assertThat(unknown.asSample()).isNull();
        assertThat(unknown.asListRoots()).isNull();
    }

    @Test
    void allowsNothingWithoutCapabilities() {
        for (InputRequest r : List.of(FORM, URL, SAMPLE, SAMPLE_WITH_TOOLS, ROOTS)) {
            assertThat(r.allowedBy(ClientCapabilities.EMPTY)).as(r.toString()).isFalse();
        }
    }

    @Test
    void allowsFormElicitationWithAnEmptyElicitationCapability() {
        assertThat(FORM.allowedBy(caps(null, null, E))).isTrue();
        assertThat(URL.allowedBy(caps(null, null, E))).isFalse();
    }

    @Test
    void allowsUrlElicitationOnlyWhenDeclared() {
        assertThat(URL.allowedBy(caps(null, null, JsonObject.of("url", E)))).isTrue();
        assertThat(FORM.allowedBy(caps(null, null, JsonObject.of("url", E)))).isFalse();
        assertThat(FORM.allowedBy(caps(null, null, JsonObject.of("form", E, "url", E)))).isTrue();
    }

    @Test
    void treatsAFormRequestWithoutModeAsForm() {
        InputRequest noMode = InputRequest.elicit(new ElicitRequest(null, "m", SCHEMA, null, null));
        assertThat(noMode.allowedBy(caps(null, null, E))).isTrue();
    }

    @Test
    void neverAllowsAnElicitationModeItDoesNotKnow() {
        InputRequest voice = InputRequest.elicit(new ElicitRequest("voice", "m", null, null, null));
        assertThat(voice.allowedBy(caps(null, null, JsonObject.of("form", E, "url", E, "voice", E)))).isFalse();
    }

    @Test
    void needsSamplingToolsForToolUse() {
        assertThat(SAMPLE.allowedBy(caps(null, E, null))).isTrue();
        assertThat(SAMPLE_WITH_TOOLS.allowedBy(caps(null, E, null))).isFalse();
        assertThat(SAMPLE_WITH_TOOLS.allowedBy(caps(null, JsonObject.of("tools", E), null))).isTrue();
        assertThat(SAMPLE_WITH_TOOL_CHOICE.allowedBy(caps(null, E, null))).isFalse();
        assertThat(SAMPLE_WITH_TOOL_CHOICE.allowedBy(caps(null, JsonObject.of("tools", E), null))).isTrue();
    }

    @Test
    void needsRootsForRoots() {
        assertThat(ROOTS.allowedBy(caps(E, null, null))).isTrue();
        assertThat(ROOTS.allowedBy(caps(null, E, E))).isFalse();
    }

    @Test
    void neverAllowsAnUnknownMethod() {
        ClientCapabilities all = new ClientCapabilities(E, JsonObject.of("tools", E), JsonObject.of("form", E, "url", E),
                E, E);
        assertThat(new InputRequest.Unknown("x/y", null).allowedBy(all)).isFalse();
    }

    @Test
    void requiresParamsOnEachKind() {
        assertThatThrownBy(() -> InputRequest.elicit(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("params");
        assertThatThrownBy(() -> InputRequest.sample(null)).hasMessage("params");
        assertThat(new InputRequest.RootsListing(null).request()).isSameAs(ListRootsRequest.EMPTY);
        assertThatThrownBy(() -> new InputRequest.Unknown(null, null)).hasMessage("method");
    }

    @Test
    void buildsInterimResults() {
        InputRequiredResult one = InputRequiredResult.of("login", FORM, "s1");
        assertThat(one.inputRequests()).containsOnlyKeys("login");
        assertThat(one.requestState()).isEqualTo("s1");
        Map<String, InputRequest> m = new LinkedHashMap<>();
        m.put("b", SAMPLE);
        m.put("a", ROOTS);
        InputRequiredResult two = InputRequiredResult.of(m, null);
        assertThat(two.inputRequests().keySet()).containsExactly("b", "a");
        assertThat(InputRequiredResult.retry("s").inputRequests()).isNull();
    }

    @Test
    void copiesTheInputRequestMap() {
        Map<String, InputRequest> m = new LinkedHashMap<>();
        m.put("a", ROOTS);
        InputRequiredResult r = InputRequiredResult.of(m, null);
        m.put("b", SAMPLE);
        assertThat(r.inputRequests()).hasSize(1);
        assertThatThrownBy(() -> r.inputRequests().put("c", FORM)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesNullKeysAndValuesInTheMap() {
        Map<String, InputRequest> nullValue = new LinkedHashMap<>();
        nullValue.put("a", null);
        assertThatThrownBy(() -> InputRequiredResult.of(nullValue, "s"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("null value in inputRequests.a");
    }
}
