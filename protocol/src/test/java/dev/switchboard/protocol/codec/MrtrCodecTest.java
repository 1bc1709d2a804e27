package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.roots.ListRootsRequest;
import dev.switchboard.protocol.sampling.CreateMessageRequest;
import dev.switchboard.protocol.sampling.SamplingMessage;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MrtrCodecTest {
    private static final JsonObject SCHEMA = (JsonObject) Wire.parse(
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}");

    @Test
    void writesTheBriefsInterimResult() {
        Map<String, InputRequest> requests = new LinkedHashMap<>();
        requests.put("github_login", InputRequest.elicit(ElicitRequest.form("Your GitHub username?", SCHEMA)));
        requests.put("capital", InputRequest.sample(CreateMessageRequest.of(100,
                SamplingMessage.user("Capital of France?"))));
        requests.put("roots", InputRequest.listRoots());
        JsonObject result = Codec.encode(InputRequiredResult.of(requests, "<opaque>"));
        assertThat(result).isEqualTo(Wire.parse("{\"resultType\":\"input_required\",\"inputRequests\":{"
                + "\"github_login\":{\"method\":\"elicitation/create\",\"params\":{\"mode\":\"form\","
                + "\"message\":\"Your GitHub username?\",\"requestedSchema\":{\"type\":\"object\","
                + "\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}}},"
                + "\"capital\":{\"method\":\"sampling/createMessage\",\"params\":{\"messages\":[{\"role\":\"user\","
                + "\"content\":{\"type\":\"text\",\"text\":\"Capital of France?\"}}],\"maxTokens\":100}},"
                + "\"roots\":{\"method\":\"roots/list\"}},\"requestState\":\"<opaque>\"}"));
        assertThat(result.getObject("inputRequests").members().keySet())
                .containsExactly("github_login", "capital", "roots");
    }

    @Test
    void readsEachInputKindIntoItsVariant() {
        InputRequest e = Codec.decode(Wire.parse("{\"method\":\"elicitation/create\",\"params\":{\"message\":\"m\","
                + "\"requestedSchema\":{\"type\":\"object\"}}}"), InputRequest.class);
        InputRequest s = Codec.decode(Wire.parse("{\"method\":\"sampling/createMessage\",\"params\":"
                + "{\"messages\":[],\"maxTokens\":5}}"), InputRequest.class);
        InputRequest r = Codec.decode(Wire.parse("{\"method\":\"roots/list\"}"), InputRequest.class);
        assertThat(e).isInstanceOf(InputRequest.Elicitation.class);
        assertThat(e.asElicit().message()).isEqualTo("m");
        assertThat(e.asSample()).isNull();
        assertThat(s.asSample().maxTokens()).isEqualTo(5);
        assertThat(s.asListRoots()).isNull();
        assertThat(r.asListRoots()).isEqualTo(ListRootsRequest.EMPTY);
        assertThat(r.asElicit()).isNull();
        assertThat(e.method()).isEqualTo(Methods.ELICITATION_CREATE);
        assertThat(s.method()).isEqualTo(Methods.SAMPLING_CREATE_MESSAGE);
        assertThat(r.method()).isEqualTo(Methods.ROOTS_LIST);
    }

    @Test
    void keepsRootsParamsWhenTheyCarryMeta() {
        Json in = Wire.parse("{\"method\":\"roots/list\",\"params\":{\"_meta\":{\"k\":1}}}");
        InputRequest r = Codec.decode(in, InputRequest.class);
        assertThat(r.asListRoots().meta()).isEqualTo(JsonObject.of("k", Json.of(1)));
        assertThat(Codec.encode(r)).isEqualTo(in);
    }

    @Test
    void requiresParamsForElicitationAndSampling() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"method\":\"elicitation/create\"}"), InputRequest.class,
                "result.inputRequests.login"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("result.inputRequests.login.params: required member is missing");
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"method\":\"sampling/createMessage\"}"),
                InputRequest.class, "k"))
                .hasMessage("k.params: required member is missing");
    }

    @Test
    void namesThePathInsideAnInputRequestsParams() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"resultType\":\"input_required\",\"inputRequests\":"
                + "{\"login\":{\"method\":\"elicitation/create\",\"params\":{\"requestedSchema\":{}}}}}"),
                InputRequiredResult.class, "result"))
                .hasMessage("result.inputRequests.login.params.message: required string is missing");
    }

    @Test
    void requiresInputRequestsOrState() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"resultType\":\"input_required\"}"),
                InputRequiredResult.class, "result"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("result: at least one of inputRequests and requestState is required");
        assertThatThrownBy(() -> new InputRequiredResult(null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsStateAloneAsRetryNow() {
        InputRequiredResult r = Codec.decode(Wire.parse("{\"resultType\":\"input_required\",\"requestState\":\"s\"}"),
                InputRequiredResult.class);
        assertThat(r).isEqualTo(InputRequiredResult.retry("s"));
        assertThat(r.inputRequests()).isNull();
    }

    @Test
    void acceptsRequestsWithoutState() {
        InputRequiredResult r = InputRequiredResult.of("roots", InputRequest.listRoots(), null);
        JsonObject o = Codec.encode(r);
        assertThat(o.has("requestState")).isFalse();
        assertThat(Codec.decode(o, InputRequiredResult.class)).isEqualTo(r);
    }

    @Test
    void writesAnEmptyInputRequestMapWhenGivenOne() {
        InputRequiredResult r = new InputRequiredResult(Map.of(), "s", null);
        assertThat(Codec.encode(r).getObject("inputRequests")).isEqualTo(JsonObject.EMPTY);
    }

    @Test
    void refusesInputRequestsThatAreNotAnObject() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"resultType\":\"input_required\",\"inputRequests\":[]}"),
                InputRequiredResult.class, "result"))
                .hasMessage("result.inputRequests: expected object, got array");
    }

    @Test
    void letsAClientRouteOnResultType() {
        JsonObject interim = Codec.encode(InputRequiredResult.retry("again"));
        JsonObject complete = Codec.encode(CallToolResult.error("x"));
        Response.Success a = new Response.Success(RequestId.of(1), interim);
        Response.Success b = new Response.Success(RequestId.of(2), complete);
        assertThat(Codec.isInputRequired(a.result())).isTrue();
        assertThat(Codec.isInputRequired(b.result())).isFalse();
        assertThat(Codec.decodeResult(a, InputRequiredResult.class).requestState()).isEqualTo("again");
        assertThatThrownBy(() -> Codec.decodeResult(a, CallToolResult.class))
                .hasMessage("result.resultType: expected \"complete\", got \"input_required\"");
    }

    @Test
    void narrowsToAVariantOnlyWhenTheMethodMatches() {
        Json roots = Wire.parse("{\"method\":\"roots/list\"}");
        assertThat(Codec.decode(roots, InputRequest.RootsListing.class)).isNotNull();
        assertThatThrownBy(() -> Codec.decode(roots, InputRequest.Sampling.class, "k"))
                .hasMessage("k: expected Sampling, got RootsListing");
    }

    @Test
    void refusesToEncodeAnInputRequestKindItDoesNotKnow() {
        InputRequest custom = () -> "custom/method";
        assertThatThrownBy(() -> Codec.encode(custom)).isInstanceOf(IllegalArgumentException.class);
    }
}
