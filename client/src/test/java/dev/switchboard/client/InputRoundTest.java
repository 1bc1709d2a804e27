package dev.switchboard.client;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One MRTR round at a time ({@link McpClient#callToolRound}, {@link McpClient#callToolRoundAsTask}):
 * the caller, not the handlers, answers.
 */
class InputRoundTest {
    static McpHttpServer fixture;

    @BeforeAll
    static void start() {
        fixture = RealServers.fixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void returnsInputRequiredUnansweredAndCompletesOnTheCallersRetries() {
        List<String> handlerCalls = new CopyOnWriteArrayList<>();
        try (McpClient client = McpClient.builder(fixture.endpoint()).era(Era.MODERN).elicitation(r -> {
            handlerCalls.add(r.message());
            return ElicitResult.decline();
        }).build()) {
            String tool = "test_input_required_result_multi_round";
            CallToolRequest request = CallToolRequest.of(tool, JsonObject.EMPTY);
            List<String> asked = new CopyOnWriteArrayList<>();
            for (int round = 0; round < 5; round++) {
                switch (client.callToolRound(request, CallOptions.DEFAULT)) {
                    case InputRound.Complete<CallToolResult> c -> {
                        assertThat(RealServers.text(c.result())).isEqualTo("Ada likes teal");
                        assertThat(asked).containsExactly("Step 1: What is your name?",
                                "Step 2: What is your favorite color?");
                        assertThat(handlerCalls).as("the client's own handler is never used").isEmpty();
                        return;
                    }
                    case InputRound.InputRequired<CallToolResult> ir -> {
                        Map<String, Json> answers = new java.util.LinkedHashMap<>();
                        ir.needed().inputRequests().forEach((key, input) -> {
                            ElicitRequest e = ((InputRequest.Elicitation) input).request();
                            asked.add(e.message());
                            answers.put(key, Codec.encode(e.message().startsWith("Step 1")
                                    ? ElicitResult.accept(JsonObject.of("name", Json.of("Ada")))
                                    : ElicitResult.accept(JsonObject.of("color", Json.of("teal")))));
                        });
                        request = new CallToolRequest(tool, JsonObject.EMPTY, answers, ir.needed().requestState(), null);
                    }
                }
            }
            throw new AssertionError("no complete result after 5 rounds");
        }
    }

    @Test
    void aTaskToolsQuestionBeforeItsTaskIsReturnedAndTheRetryCreatesTheTask() {
        List<String> handlerCalls = new CopyOnWriteArrayList<>();
        try (McpClient client = McpClient.builder(fixture.endpoint()).era(Era.MODERN).elicitation(r -> {
            handlerCalls.add(r.message());
            return ElicitResult.decline();
        }).taskPolling(java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(200)).build()) {
            CallToolRequest request = CallToolRequest.of("test_tool_with_task", JsonObject.EMPTY);
            InputRound<ToolCallOutcome> first = client.callToolRoundAsTask(request, CallOptions.DEFAULT);
            assertThat(first).isInstanceOf(InputRound.InputRequired.class);
            var needed = ((InputRound.InputRequired<ToolCallOutcome>) first).needed();
            assertThat(needed.inputRequests()).containsOnlyKeys("user_name");
            InputRound<ToolCallOutcome> second = client.callToolRoundAsTask(new CallToolRequest("test_tool_with_task",
                    JsonObject.EMPTY, Map.of("user_name", Codec.encode(ElicitResult.accept(JsonObject.of("name",
                    Json.of("Ada"))))), needed.requestState(), null), CallOptions.DEFAULT);
            assertThat(second).isInstanceOfSatisfying(InputRound.Complete.class, c ->
                    assertThat(c.result()).isInstanceOf(ToolCallOutcome.TaskCreated.class));
            String id = ((ToolCallOutcome.TaskCreated) ((InputRound.Complete<ToolCallOutcome>) second).result()).task().taskId();
            assertThat(RealServers.text(client.awaitTask(id, CallOptions.DEFAULT))).isEqualTo("Hello, Ada!");
            assertThat(handlerCalls).as("the client's own handler is never used").isEmpty();
        }
    }

    @Test
    void aTaskToolAnsweredAtOnceIsACompleteRound() {
        try (McpClient client = McpClient.builder(fixture.endpoint()).era(Era.MODERN).build()) {
            var round = client.callToolRoundAsTask(CallToolRequest.of("greet", JsonObject.of("name", Json.of("Bo"))),
                    CallOptions.DEFAULT);
            assertThat(round).isInstanceOfSatisfying(InputRound.Complete.class, c -> assertThat(c.result())
                    .isInstanceOfSatisfying(ToolCallOutcome.Completed.class, done ->
                            assertThat(RealServers.text(done.result())).isEqualTo("Hello, Bo!")));
        }
    }

    @Test
    void aSessionEraServerHasNoTasks() {
        try (McpClient client = McpClient.builder(fixture.endpoint()).era(Era.LEGACY).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.callToolRoundAsTask(
                    CallToolRequest.of("greet", JsonObject.of("name", Json.of("Bo"))), CallOptions.DEFAULT))
                    .isInstanceOfSatisfying(McpClientException.class, e ->
                            assertThat(e.kind()).isEqualTo(McpClientException.Kind.UNSUPPORTED));
        }
    }

    @Test
    void aSessionEraServersRequestsStillGoToTheHandlers() {
        try (McpClient client = McpClient.builder(fixture.endpoint()).era(Era.LEGACY)
                .elicitation(RealServers::ada).build()) {
            var round = client.callToolRound(CallToolRequest.of("test_input_required_result_elicitation", null),
                    CallOptions.DEFAULT);
            assertThat(round).isInstanceOfSatisfying(InputRound.Complete.class,
                    c -> assertThat(RealServers.text((CallToolResult) c.result())).contains("Ada"));
        }
    }
}
