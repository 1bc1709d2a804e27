package dev.switchboard.server;

import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.json;
import static dev.switchboard.server.Rpc.request;
import static org.assertj.core.api.Assertions.assertThat;

/** MRTR on {@code prompts/get} and {@code resources/read}, and state bound to its method. */
class MrtrMethodsTest {
    private static final String ELICIT = "{\"elicitation\":{}}";
    private static final InputRequest CONFIRM = InputRequest.elicit(ElicitRequest.form("Sure?",
            json("{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}}}")));
    private static final String YES = "{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}";

    private final McpServer server = McpServer.builder("t", "1")
            .prompt(Prompt.of("careful", null, PromptArgument.required("topic", null)), get -> {
                ElicitResult r = get.responses().elicitation("confirm");
                if (r == null) {
                    return Outcome.inputRequired("confirm", CONFIRM, JsonObject.of("topic", Json.of(get.arguments().get("topic"))));
                }
                return Outcome.complete(GetPromptResult.of(null, PromptMessage.user(
                        "confirmed " + get.state().getString("topic"))));
            })
            .resource(Resource.of("test://guarded", "guarded", "text/plain"), read -> {
                if (read.responses().elicitation("confirm") == null) {
                    return Outcome.inputRequired("confirm", CONFIRM, JsonObject.of("uri", Json.of(read.uri())));
                }
                return Outcome.complete(List.of(TextResourceContents.of(read.uri(), "text/plain",
                        "opened " + read.state().getString("uri"))));
            })
            .resourceTemplate(ResourceTemplate.of("test://vault/{id}", "vault"), read -> {
                if (read.responses().elicitation("confirm") == null) {
                    return Outcome.inputRequired("confirm", CONFIRM, null);
                }
                return Outcome.complete(List.of(TextResourceContents.of(read.uri(), null, "vault " + read.variables().get("id"))));
            })
            .tool(Rpc.textTool("careful"), call -> Outcome.inputRequired("confirm", CONFIRM, null))
            .build();

    private static Request retry(Request original, String state, String answers) {
        return Rpc.withParam(Rpc.withParam(Rpc.withId(original, 2), "requestState", Json.of(state)),
                "inputResponses", json(answers));
    }

    @Test
    void aPromptCanAskForInputAndComplete() throws Exception {
        Request original = request(1, "prompts/get", "{\"name\":\"careful\",\"arguments\":{\"topic\":\"taxes\"}}", ELICIT);
        JsonObject interim = handle(server, original);
        assertThat(interim.getString("resultType")).isEqualTo("input_required");
        assertThat(interim.getObject("inputRequests").has("confirm")).isTrue();
        JsonObject done = handle(server, retry(original, interim.getString("requestState"), YES));
        assertThat(done.getString("resultType")).isEqualTo("complete");
        JsonObject message = (JsonObject) ((JsonArray) done.get("messages")).get(0);
        assertThat(message.getObject("content").getString("text")).isEqualTo("confirmed taxes");
    }

    @Test
    void aResourceCanAskForInputAndComplete() throws Exception {
        Request original = Rpc.withParam(request(1, "resources/read", "{}", ELICIT), "uri", Json.of("test://guarded"));
        JsonObject interim = handle(server, original);
        assertThat(interim.getString("resultType")).isEqualTo("input_required");
        assertThat(interim.has("ttlMs")).as("input_required is not cacheable").isFalse();
        JsonObject done = handle(server, retry(original, interim.getString("requestState"), YES));
        assertThat(done.getString("resultType")).isEqualTo("complete");
        assertThat(((JsonObject) ((JsonArray) done.get("contents")).get(0)).getString("text")).isEqualTo("opened test://guarded");
        assertThat(done.has("ttlMs")).isTrue();
    }

    @Test
    void aTemplateResourceCanAskForInputWithoutState() throws Exception {
        Request original = Rpc.withParam(request(1, "resources/read", "{}", ELICIT), "uri", Json.of("test://vault/7"));
        JsonObject interim = handle(server, original);
        assertThat(interim.getString("requestState")).isNotBlank();
        JsonObject done = handle(server, retry(original, interim.getString("requestState"), YES));
        assertThat(((JsonObject) ((JsonArray) done.get("contents")).get(0)).getString("text")).isEqualTo("vault 7");
    }

    @Test
    void stateOfOneResourceIsRefusedForAnother() throws Exception {
        Request original = Rpc.withParam(request(1, "resources/read", "{}", ELICIT), "uri", Json.of("test://vault/7"));
        String state = handle(server, original).getString("requestState");
        Request other = Rpc.withParam(request(2, "resources/read", "{}", ELICIT), "uri", Json.of("test://vault/8"));
        assertThat(error(server, retry(other, state, YES)).code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void stateOfAPromptIsRefusedOnAToolCall() throws Exception {
        Request prompt = request(1, "prompts/get", "{\"name\":\"careful\",\"arguments\":{\"topic\":\"taxes\"}}", ELICIT);
        String state = handle(server, prompt).getString("requestState");
        Request tool = request(2, "tools/call", "{\"name\":\"careful\",\"arguments\":{\"topic\":\"taxes\"}}", ELICIT);
        McpException e = error(server, retry(tool, state, YES));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("different request");
    }

    @Test
    void aPromptsCapabilityCheckAlsoApplies() {
        McpException e = error(server, request(1, "prompts/get", "{\"name\":\"careful\",\"arguments\":{\"topic\":\"x\"}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
    }

    @Test
    void aResourcesCapabilityCheckAlsoApplies() {
        McpException e = error(server, Rpc.withParam(request(1, "resources/read", "{}"), "uri", Json.of("test://guarded")));
        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
    }

    @Test
    void aToolWithNullStateStillGetsARequestState() throws Exception {
        JsonObject interim = handle(server, request(1, "tools/call", "{\"name\":\"careful\"}", ELICIT));
        assertThat(interim.getString("requestState")).isNotBlank();
    }

    @Test
    void aTamperedStateIsRefusedOnEveryMrtrMethod() throws Exception {
        Request prompt = request(1, "prompts/get", "{\"name\":\"careful\",\"arguments\":{\"topic\":\"t\"}}", ELICIT);
        Request resource = Rpc.withParam(request(1, "resources/read", "{}", ELICIT), "uri", Json.of("test://guarded"));
        for (Request original : List.of(prompt, resource)) {
            String state = handle(server, original).getString("requestState");
            McpException e = error(server, retry(original, state + "AAAA", YES));
            assertThat(e.code()).as(original.method()).isEqualTo(ErrorCode.INVALID_PARAMS);
        }
    }

    @Test
    void methodsOutsideMrtrNeverAnswerInputRequired() throws Exception {
        for (String method : List.of("server/discover", "tools/list", "prompts/list", "resources/list", "resources/templates/list")) {
            JsonObject result = handle(server, request(1, method, "{}", ELICIT));
            assertThat(result.getString("resultType")).as(method).isEqualTo("complete");
        }
    }
}
