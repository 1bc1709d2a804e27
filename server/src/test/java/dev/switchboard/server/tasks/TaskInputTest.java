package dev.switchboard.server.tasks;

import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.Rpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.switchboard.server.tasks.TaskRpc.ALICE;
import static dev.switchboard.server.tasks.TaskRpc.EXT;
import static dev.switchboard.server.tasks.TaskRpc.EXT_ELICIT;
import static org.assertj.core.api.Assertions.assertThat;

/** Input during a task (input_required, tasks/update, partial answers) and before it (MRTR, then the task). */
class TaskInputTest {
    private static final String YES = "{\"action\":\"accept\",\"content\":{\"ok\":true}}";
    private final TaskTools tools = new TaskTools();
    private final McpServer server = tools.register(McpServer.builder("t", "1"))
            .tool(TaskTools.tool("prepared"), call -> Outcome.complete(CallToolResult.of(TextContent.of(
                    "Hello, " + call.state().getString("name") + "! task=" + call.inTask()))),
                    TaskPolicy.required().beforeTask(TaskInputTest::askName))
            .tool(TaskTools.tool("prepared_opt"), call -> {
                ElicitResult ok = call.responses().elicitation("sure");
                if (ok == null) {
                    return Outcome.inputRequired("sure", InputRequest.elicit(ElicitRequest.form("Sure?", TaskTools.CONFIRM)),
                            JsonObject.of("step", Json.of(2), "name", call.state().get("name")));
                }
                return Outcome.complete(CallToolResult.of(TextContent.of("Hi " + call.state().getString("name")
                        + " step " + call.state().get("step") + " task=" + call.inTask())));
            }, TaskPolicy.optional().beforeTask(TaskInputTest::askName))
            .build();

    private static Outcome<JsonObject> askName(dev.switchboard.server.ToolCall call) {
        ElicitResult name = call.responses().elicitation("user_name");
        if (name == null) {
            return Outcome.inputRequired("user_name", InputRequest.elicit(ElicitRequest.form("Name?", Rpc.json(
                    "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}"))), null);
        }
        return Outcome.complete(JsonObject.of("name", name.content().get("name")));
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void aHandlerAskingForInputPutsTheTaskInInputRequiredWithItsRequests() throws Exception {
        String id = TaskRpc.create(server, "ask", "{}", ALICE);
        JsonObject waiting = TaskRpc.await(server, id, "input_required");
        JsonObject requests = waiting.getObject("inputRequests");
        assertThat(requests.members().keySet()).containsExactly("confirm");
        assertThat(requests.getObject("confirm").getString("method")).isEqualTo("elicitation/create");
        assertThat(waiting.has("requestState")).isFalse();
        TaskRpc.cancel(server, id, ALICE);
    }

    @Test
    void answeringEveryRequestResumesTheHandlerToCompletion() throws Exception {
        String id = TaskRpc.create(server, "ask", "{}", ALICE);
        TaskRpc.await(server, id, "input_required");
        JsonObject ack = TaskRpc.update(server, id, "{\"confirm\":" + YES + "}", ALICE);
        assertThat(ack.without("_meta")).isEqualTo(Rpc.json("{\"resultType\":\"complete\"}"));
        JsonObject done = TaskRpc.await(server, id, "completed");
        assertThat(Rpc.text(done.getObject("result"))).isEqualTo("answered {confirm=accept}");
        assertThat(tools.started).hasValue(2);
    }

    @Test
    void aPartialAnswerKeepsTheTaskWaitingForTheRestAndTheHandlerGetsEveryAnswer() throws Exception {
        String id = TaskRpc.create(server, "ask2", "{}", ALICE);
        JsonObject waiting = TaskRpc.await(server, id, "input_required");
        assertThat(waiting.getObject("inputRequests").members().keySet()).containsExactly("first", "second");
        TaskRpc.update(server, id, "{\"first\":" + YES + "}", ALICE);
        JsonObject still = TaskRpc.get(server, id, ALICE);
        assertThat(still.getString("status")).isEqualTo("input_required");
        assertThat(still.getObject("inputRequests").members().keySet()).containsExactly("second");
        assertThat(tools.started).hasValue(1); // not resumed on a partial answer
        TaskRpc.update(server, id, "{\"second\":{\"action\":\"decline\"}}", ALICE);
        JsonObject done = TaskRpc.await(server, id, "completed");
        assertThat(Rpc.text(done.getObject("result"))).isEqualTo("answered {first=accept, second=decline}");
    }

    @Test
    void unknownAndAlreadyAnsweredKeysAreIgnoredAndStillAcknowledged() throws Exception {
        String id = TaskRpc.create(server, "ask2", "{}", ALICE);
        TaskRpc.await(server, id, "input_required");
        JsonObject ack = TaskRpc.update(server, id, "{\"unknown-key\":{\"ignored\":true}}", ALICE);
        assertThat(ack.without("_meta")).isEqualTo(Rpc.json("{\"resultType\":\"complete\"}"));
        TaskRpc.update(server, id, "{\"first\":" + YES + "}", ALICE);
        TaskRpc.update(server, id, "{\"first\":{\"action\":\"decline\"}}", ALICE); // already answered: ignored
        assertThat(TaskRpc.get(server, id, ALICE).getObject("inputRequests").members().keySet()).containsExactly("second");
        TaskRpc.update(server, id, "{\"second\":" + YES + "}", ALICE);
        JsonObject done = TaskRpc.await(server, id, "completed");
        assertThat(Rpc.text(done.getObject("result"))).isEqualTo("answered {first=accept, second=accept}");
    }

    @Test
    void aMalformedAnswerToAnOutstandingRequestIsInvalidParams() throws Exception {
        String id = TaskRpc.create(server, "ask", "{}", ALICE);
        TaskRpc.await(server, id, "input_required");
        McpException e = TaskRpc.error(server, TaskRpc.taskRequest("tasks/update", id,
                "\"inputResponses\":{\"confirm\":{\"action\":\"maybe\"}}", EXT), ALICE);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(TaskRpc.get(server, id, ALICE).getObject("inputRequests").members()).containsKey("confirm");
        TaskRpc.cancel(server, id, ALICE);
    }

    @Test
    void cancellingATaskThatWaitsForInputCancelsIt() throws Exception {
        String id = TaskRpc.create(server, "ask", "{}", ALICE);
        TaskRpc.await(server, id, "input_required");
        TaskRpc.cancel(server, id, ALICE);
        JsonObject cancelled = TaskRpc.await(server, id, "cancelled");
        assertThat(cancelled.has("inputRequests")).isFalse();
    }

    @Test
    void inputTheCreatingRequestDidNotDeclareACapabilityForFailsTheTaskWith32021() throws Exception {
        JsonObject r = Rpc.handle(server, TaskRpc.call("ask", "{}", EXT), ALICE); // no elicitation declared
        JsonObject failed = TaskRpc.await(server, r.getString("taskId"), "failed");
        assertThat(failed.getObject("error").get("code")).isEqualTo(Json.of(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY));
    }

    @Test
    void inputNeededBeforeTheTaskIsAskedThroughMrtrThenTheTaskStartsWithTheState() throws Exception {
        JsonObject first = Rpc.handle(server, TaskRpc.call("prepared", "{}", EXT_ELICIT), ALICE);
        assertThat(first.getString("resultType")).isEqualTo("input_required");
        assertThat(first.has("taskId")).isFalse();
        assertThat(first.getObject("inputRequests").members().keySet()).containsExactly("user_name");
        var retry = Rpc.withParam(Rpc.withParam(TaskRpc.call("prepared", "{}", EXT_ELICIT), "inputResponses",
                Rpc.json("{\"user_name\":{\"action\":\"accept\",\"content\":{\"name\":\"Alice\"}}}")),
                "requestState", first.get("requestState"));
        JsonObject created = Rpc.handle(server, retry, ALICE);
        assertThat(created.getString("resultType")).isEqualTo("task");
        assertThat(created.members().keySet()).doesNotContain("requestState", "inputRequests");
        JsonObject done = TaskRpc.await(server, created.getString("taskId"), "completed");
        assertThat(Rpc.text(done.getObject("result"))).isEqualTo("Hello, Alice! task=true");
    }

    @Test
    void anOptionalToolWithAPreparationRunsBothPhasesInlineWithoutTheExtension() throws Exception {
        String caps = "{\"elicitation\":{}}";
        JsonObject first = Rpc.handle(server, TaskRpc.call("prepared_opt", "{}", caps), ALICE);
        assertThat(first.getObject("inputRequests").members().keySet()).containsExactly("user_name");
        JsonObject second = Rpc.handle(server, Rpc.withParam(Rpc.withParam(TaskRpc.call("prepared_opt", "{}", caps),
                "inputResponses", Rpc.json("{\"user_name\":{\"action\":\"accept\",\"content\":{\"name\":\"Bo\"}}}")),
                "requestState", first.get("requestState")), ALICE);
        assertThat(second.getString("resultType")).isEqualTo("input_required");
        assertThat(second.getObject("inputRequests").members().keySet()).containsExactly("sure");
        JsonObject third = Rpc.handle(server, Rpc.withParam(Rpc.withParam(TaskRpc.call("prepared_opt", "{}", caps),
                "inputResponses", Rpc.json("{\"sure\":" + YES + "}")), "requestState", second.get("requestState")), ALICE);
        assertThat(third.getString("resultType")).isEqualTo("complete");
        assertThat(Rpc.text(third)).isEqualTo("Hi Bo step 2 task=false");
    }

    @Test
    void aHandlerThatReusesAnInputKeyFailsTheTask() throws Exception {
        try (McpServer s = McpServer.builder("t", "1").tool(TaskTools.tool("again"), call ->
                Outcome.inputRequired("k", InputRequest.elicit(ElicitRequest.form("Again?", TaskTools.CONFIRM)), null),
                TaskPolicy.optional()).build()) {
            String id = TaskRpc.create(s, "again", "{}", ALICE);
            TaskRpc.await(s, id, "input_required");
            TaskRpc.update(s, id, "{\"k\":" + YES + "}", ALICE);
            JsonObject failed = TaskRpc.await(s, id, "failed");
            assertThat(failed.getObject("error").getString("message")).contains("key it used before");
            assertThat(List.of("failed")).contains(failed.getString("status"));
        }
    }
}
