package dev.switchboard.server.tasks;

import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Rpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.switchboard.server.tasks.TaskRpc.ALICE;
import static dev.switchboard.server.tasks.TaskRpc.EXT;
import static org.assertj.core.api.Assertions.assertThat;

/** Negotiation per request: advertising, -32021 gating, and requests that never become tasks. */
class TaskNegotiationTest {
    private static final JsonObject NEEDS_TASKS = Rpc.json(
            "{\"requiredCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}");
    private final TaskTools tools = new TaskTools();
    private final McpServer server = tools.register(McpServer.builder("t", "1")).build();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void advertisesTheExtensionInDiscoverWithAnEmptyObject() throws Exception {
        JsonObject caps = Rpc.handle(server, Rpc.request(1, "server/discover", null)).getObject("capabilities");
        assertThat(caps.getObject("extensions")).isEqualTo(Rpc.json("{\"io.modelcontextprotocol/tasks\":{}}"));
        assertThat(caps.has("tasks")).isFalse();
    }

    @Test
    void aServerWithoutTaskToolsNeitherAdvertisesNorServesTasks() throws Exception {
        try (McpServer plain = Rpc.echoServer().build()) {
            JsonObject caps = Rpc.handle(plain, Rpc.request(1, "server/discover", null)).getObject("capabilities");
            assertThat(caps.has("extensions")).isFalse();
            McpException e = Rpc.error(plain, TaskRpc.taskRequest("tasks/get", "x", null, EXT));
            assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
        }
    }

    @Test
    void listsTaskSupportAsExecutionTaskSupport() throws Exception {
        JsonArray list = (JsonArray) Rpc.handle(server, Rpc.request(1, "tools/list", null)).get("tools");
        JsonObject sleep = (JsonObject) list.get(0);
        JsonObject must = (JsonObject) list.get(2);
        JsonObject echo = (JsonObject) list.get(list.size() - 1);
        assertThat(sleep.getObject("execution")).isEqualTo(Rpc.json("{\"taskSupport\":\"optional\"}"));
        assertThat(must.getObject("execution")).isEqualTo(Rpc.json("{\"taskSupport\":\"required\"}"));
        assertThat(echo.has("execution")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasks/get", "tasks/update", "tasks/cancel"})
    void tasksMethodsWithoutTheExtensionAre32021BeforeTheUnknownTaskCheck(String method) {
        McpException e = TaskRpc.error(server, TaskRpc.taskRequest(method, "gate-test",
                method.equals("tasks/update") ? "\"inputResponses\":{}" : null, "{}"), ALICE);
        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
        assertThat(e.data()).isEqualTo(NEEDS_TASKS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasks/result", "tasks/list"})
    void removedTasksMethodsAreMethodNotFoundEvenWithTheExtension(String method) {
        McpException e = TaskRpc.error(server, Rpc.request(1, method, "{\"taskId\":\"x\"}", EXT), ALICE);
        assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
    }

    @Test
    void aRequiredTaskToolWithoutTheExtensionIs32021AndItsHandlerNeverRuns() {
        McpException e = TaskRpc.error(server, TaskRpc.call("must", "{\"ms\":0}", "{}"), ALICE);
        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
        assertThat(e.data()).isEqualTo(NEEDS_TASKS);
        assertThat(tools.started).hasValue(0);
    }

    @Test
    void anOptionalTaskToolWithoutTheExtensionAnswersSynchronously() throws Exception {
        JsonObject r = Rpc.handle(server, TaskRpc.call("sleep", "{\"ms\":0}", "{}"), ALICE);
        assertThat(r.getString("resultType")).isEqualTo("complete");
        assertThat(r.has("taskId")).isFalse();
        assertThat(Rpc.text(r)).isEqualTo("slept 0");
    }

    @Test
    void theExtensionIsReadFromThisRequestOnly() throws Exception {
        assertThat(Rpc.handle(server, TaskRpc.call("sleep", "{\"ms\":0}", EXT), ALICE).getString("resultType"))
                .isEqualTo("task");
        assertThat(Rpc.handle(server, TaskRpc.call("sleep", "{\"ms\":0}", "{}"), ALICE).getString("resultType"))
                .isEqualTo("complete");
    }

    @Test
    void aToolWithoutTaskSupportNeverBecomesATaskAndIgnoresTheLegacyTaskParam() throws Exception {
        var r = Rpc.withParam(TaskRpc.call("echo", "{\"text\":\"hi\"}", EXT), "task",
                Rpc.json("{\"ttl\":60000,\"pollInterval\":100}"));
        JsonObject out = Rpc.handle(server, r, ALICE);
        assertThat(out.getString("resultType")).isEqualTo("complete");
        assertThat(out.has("taskId")).isFalse();
        assertThat(Rpc.text(out)).isEqualTo("hi");
    }

    @Test
    void listeningForTaskIdsWithoutTheExtensionIs32021() {
        McpException e = TaskRpc.error(server, Rpc.request(1, "subscriptions/listen",
                "{\"notifications\":{\"taskIds\":[\"abc\"]}}", "{}"), ALICE);
        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
        assertThat(e.data()).isEqualTo(NEEDS_TASKS);
    }

    @Test
    void sessionEraClientsAreNotOfferedTasksAndGetSynchronousCalls() throws Exception {
        String caps = "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";
        var init = server.initialize(new dev.switchboard.protocol.jsonrpc.Request(Rpc.id(1), "initialize", Rpc.json(
                "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":" + caps
                        + ",\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}")), Rpc.principal(ALICE));
        assertThat(init.result().getObject("capabilities").has("extensions")).isFalse();
        var call = new dev.switchboard.protocol.jsonrpc.Request(Rpc.id(2), "tools/call",
                Rpc.json("{\"name\":\"sleep\",\"arguments\":{\"ms\":0}}"));
        JsonObject r = server.handleSession(call, init.session(), dev.switchboard.server.Principal.ANONYMOUS, new dev.switchboard.server.RecordingSink(),
                new dev.switchboard.server.CancellationSignal());
        assertThat(r.has("taskId")).isFalse();
        assertThat(Rpc.text(r)).isEqualTo("slept 0");
        // a tool that runs only as a task cannot be called in a session: the message says what would work
        int started = tools.started.get();
        var must = new dev.switchboard.protocol.jsonrpc.Request(Rpc.id(4), "tools/call",
                Rpc.json("{\"name\":\"must\",\"arguments\":{\"ms\":0}}"));
        McpException refused = org.assertj.core.api.Assertions.catchThrowableOfType(McpException.class, () ->
                server.handleSession(must, init.session(), dev.switchboard.server.Principal.ANONYMOUS,
                        new dev.switchboard.server.RecordingSink(), new dev.switchboard.server.CancellationSignal()));
        assertThat(refused.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
        assertThat(refused.getMessage()).contains("which protocol version 2025-11-25 cannot use: call it with 2026-07-28");
        assertThat(tools.started).as("the handler never ran").hasValue(started);
        var get = new dev.switchboard.protocol.jsonrpc.Request(Rpc.id(3), "tasks/get", Rpc.json("{\"taskId\":\"x\"}"));
        McpException e = org.assertj.core.api.Assertions.catchThrowableOfType(McpException.class, () ->
                server.handleSession(get, init.session(), dev.switchboard.server.Principal.ANONYMOUS, new dev.switchboard.server.RecordingSink(),
                        new dev.switchboard.server.CancellationSignal()));
        assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
    }

    @Test
    void aMalformedTasksRequestIsInvalidParams() {
        McpException e = TaskRpc.error(server, Rpc.request(1, "tasks/get", "{}", EXT), ALICE);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("params.taskId");
    }
}
