package dev.switchboard.server;

import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.sampling.CreateMessageRequest;
import dev.switchboard.protocol.sampling.SamplingMessage;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.json;
import static dev.switchboard.server.Rpc.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An input request the client did not declare a capability for is never sent: the request fails
 * with -32021 and {@code data.requiredCapabilities}, a ClientCapabilities-shaped object.
 */
class MrtrCapabilitiesTest {
    private static final InputRequest FORM = InputRequest.elicit(ElicitRequest.form("Name?",
            json("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}")));
    private static final InputRequest URL = InputRequest.elicit(ElicitRequest.url("Sign in", "https://example.com/login"));
    private static final InputRequest SAMPLE = InputRequest.sample(CreateMessageRequest.of(50, SamplingMessage.user("Hi?")));
    private static final InputRequest SAMPLE_WITH_TOOLS = InputRequest.sample(new CreateMessageRequest(
            List.of(SamplingMessage.user("Weather?")), null, null, null, null, 50, null, null,
            List.of(Tool.of("weather", null, json("{\"type\":\"object\"}"))), null, null));
    private static final InputRequest SAMPLE_WITH_TOOL_CHOICE = InputRequest.sample(new CreateMessageRequest(
            List.of(SamplingMessage.user("Weather?")), null, null, null, null, 50, null, null,
            null, json("{\"mode\":\"none\"}"), null));
    private static final InputRequest ROOTS = InputRequest.listRoots();

    private static McpServer asking(InputRequest... requests) {
        Map<String, InputRequest> asks = new LinkedHashMap<>();
        for (int i = 0; i < requests.length; i++) {
            asks.put("q" + i, requests[i]);
        }
        return McpServer.builder("t", "1")
                .tool(Rpc.textTool("ask"), call -> Outcome.inputRequired(asks, null))
                .build();
    }

    private static McpException refusal(McpServer server, String capabilities) {
        return error(server, request(1, "tools/call", "{\"name\":\"ask\"}", capabilities));
    }

    private static JsonObject required(McpException e) {
        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
        return ((JsonObject) e.data()).getObject("requiredCapabilities");
    }

    @Test
    void formElicitationWithoutTheCapabilityNamesElicitationForm() {
        McpException e = refusal(asking(FORM), "{}");
        assertThat(required(e)).isEqualTo(json("{\"elicitation\":{\"form\":{}}}"));
        assertThat(e.getMessage()).contains("elicitation");
        assertThat(((JsonObject) e.data()).members().keySet()).containsExactly("requiredCapabilities");
    }

    @Test
    void urlElicitationNeedsTheUrlMode() {
        assertThat(required(refusal(asking(URL), "{\"elicitation\":{}}"))).isEqualTo(json("{\"elicitation\":{\"url\":{}}}"));
        assertThat(required(refusal(asking(URL), "{\"elicitation\":{\"form\":{}}}"))).isEqualTo(json("{\"elicitation\":{\"url\":{}}}"));
    }

    @Test
    void formElicitationIsRefusedToAUrlOnlyClient() {
        assertThat(required(refusal(asking(FORM), "{\"elicitation\":{\"url\":{}}}"))).isEqualTo(json("{\"elicitation\":{\"form\":{}}}"));
    }

    @Test
    void samplingWithoutTheCapabilityNamesSampling() {
        assertThat(required(refusal(asking(SAMPLE), "{\"elicitation\":{}}"))).isEqualTo(json("{\"sampling\":{}}"));
    }

    @Test
    void samplingWithToolsNeedsSamplingTools() {
        assertThat(required(refusal(asking(SAMPLE_WITH_TOOLS), "{\"sampling\":{}}"))).isEqualTo(json("{\"sampling\":{\"tools\":{}}}"));
    }

    @Test
    void samplingWithOnlyAToolChoiceAlsoNeedsSamplingTools() {
        // a client that already declared sampling must be told what it is actually missing
        assertThat(required(refusal(asking(SAMPLE_WITH_TOOL_CHOICE), "{\"sampling\":{}}")))
                .isEqualTo(json("{\"sampling\":{\"tools\":{}}}"));
    }

    @Test
    void rootsWithoutTheCapabilityNamesRoots() {
        assertThat(required(refusal(asking(ROOTS), "{\"sampling\":{}}"))).isEqualTo(json("{\"roots\":{}}"));
    }

    @Test
    void namesEveryMissingCapabilityAtOnce() {
        JsonObject missing = required(refusal(asking(FORM, SAMPLE, ROOTS), "{}"));
        assertThat(missing).isEqualTo(json("{\"elicitation\":{\"form\":{}},\"sampling\":{},\"roots\":{}}"));
    }

    @Test
    void namesBothElicitationModesWhenBothAreMissing() {
        JsonObject missing = required(refusal(asking(FORM, URL), "{}"));
        assertThat(missing).isEqualTo(json("{\"elicitation\":{\"form\":{},\"url\":{}}}"));
    }

    @Test
    void namesSamplingToolsWhenPlainAndToolSamplingAreBothMissing() {
        assertThat(required(refusal(asking(SAMPLE, SAMPLE_WITH_TOOLS), "{}"))).isEqualTo(json("{\"sampling\":{\"tools\":{}}}"));
        assertThat(required(refusal(asking(SAMPLE_WITH_TOOLS, SAMPLE), "{}"))).isEqualTo(json("{\"sampling\":{\"tools\":{}}}"));
    }

    @Test
    void namesOnlyWhatIsMissing() {
        JsonObject missing = required(refusal(asking(FORM, SAMPLE, ROOTS), "{\"elicitation\":{},\"roots\":{}}"));
        assertThat(missing).isEqualTo(json("{\"sampling\":{}}"));
    }

    @Test
    void sendsTheInputRequestsWhenEveryCapabilityIsDeclared() throws Exception {
        JsonObject result = handle(asking(FORM, URL, SAMPLE_WITH_TOOLS, ROOTS),
                request(1, "tools/call", "{\"name\":\"ask\"}",
                        "{\"elicitation\":{\"form\":{},\"url\":{}},\"sampling\":{\"tools\":{}},\"roots\":{}}"));
        assertThat(result.getString("resultType")).isEqualTo("input_required");
        assertThat(result.getObject("inputRequests").members().keySet()).containsExactly("q0", "q1", "q2", "q3");
        assertThat(result.getObject("inputRequests").getObject("q1").getObject("params").getString("url"))
                .isEqualTo("https://example.com/login");
    }

    @Test
    void anEmptyElicitationCapabilityMeansFormOnly() throws Exception {
        assertThat(handle(asking(FORM), request(1, "tools/call", "{\"name\":\"ask\"}", "{\"elicitation\":{}}"))
                .getString("resultType")).isEqualTo("input_required");
        assertThat(required(refusal(asking(URL), "{\"elicitation\":{}}"))).isEqualTo(json("{\"elicitation\":{\"url\":{}}}"));
    }

    @Test
    void capabilitiesAreJudgedPerRequestNotRemembered() throws Exception {
        McpServer server = asking(ROOTS);
        handle(server, request(1, "tools/call", "{\"name\":\"ask\"}", "{\"roots\":{}}"));
        assertThat(required(refusal(server, "{}"))).isEqualTo(json("{\"roots\":{}}"));
    }
}
