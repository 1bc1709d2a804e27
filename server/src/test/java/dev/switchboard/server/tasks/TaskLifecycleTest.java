package dev.switchboard.server.tasks;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Rpc;
import dev.switchboard.state.embedded.InMemoryTaskStore;
import dev.switchboard.state.tasks.TaskIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.server.tasks.TaskRpc.ALICE;
import static dev.switchboard.server.tasks.TaskRpc.BOB;
import static dev.switchboard.server.tasks.TaskRpc.EXT;
import static org.assertj.core.api.Assertions.assertThat;

/** A task from creation to every terminal status: wire shapes, outcomes, cancellation, owners and time to live. */
class TaskLifecycleTest {
    private final TaskTools tools = new TaskTools();
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final McpServer server = tools.register(McpServer.builder("t", "1")).taskStore(store)
            .instanceId("node-a").build();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void createTaskResultIsFlatAndTheTaskIsStoredBeforeItIsReturned() throws Exception {
        JsonObject r = Rpc.handle(server, TaskRpc.call("sleep", "{\"ms\":60000}", EXT), ALICE);
        assertThat(r.getString("resultType")).isEqualTo("task");
        assertThat(r.getString("status")).isEqualTo("working");
        assertThat(r.members().keySet()).contains("taskId", "createdAt", "lastUpdatedAt", "ttlMs", "pollIntervalMs")
                .doesNotContain("task", "result", "error", "inputRequests", "requestState", "ttl", "pollInterval");
        assertThat(r.get("ttlMs")).isEqualTo(Json.of(TaskPolicy.DEFAULT_TTL.toMillis()));
        assertThat(r.get("pollIntervalMs")).isEqualTo(Json.of(1000));
        assertThat(r.getString("createdAt")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        String id = r.getString("taskId");
        assertThat(TaskIds.isValid(id)).isTrue();
        assertThat(store.get(ALICE, id)).isNotNull(); // stored, with this instance's lease, before the result returned
        assertThat(store.get(ALICE, id).lease().holder()).isEqualTo("node-a");
        JsonObject got = TaskRpc.get(server, id, ALICE);
        assertThat(got.getString("resultType")).isEqualTo("complete");
        assertThat(got.getString("taskId")).isEqualTo(id);
        assertThat(got.getObject("_meta").getString("dev.switchboard/executor")).isEqualTo("node-a");
        TaskRpc.cancel(server, id, ALICE);
    }

    @Test
    void completesWithExactlyWhatToolsCallWouldHaveReturned() throws Exception {
        String id = TaskRpc.create(server, "sleep", "{\"ms\":20}", ALICE);
        JsonObject done = TaskRpc.await(server, id, "completed");
        JsonObject result = done.getObject("result");
        assertThat(result.getString("resultType")).isEqualTo("complete");
        assertThat(Rpc.text(result)).isEqualTo("slept 20");
        assertThat(done.has("error")).isFalse();
        assertThat(done.has("inputRequests")).isFalse();
        assertThat(done.has("requestState")).isFalse();
        assertThat(result.getObject("_meta")).isNull(); // no related-task (or any) _meta on the inlined result
        assertThat(done.getObject("_meta").has("dev.switchboard/executor")).isFalse(); // a finished task has no lease
    }

    @Test
    void aToolErrorResultIsCompletedNotFailed() throws Exception {
        String id = TaskRpc.create(server, "error", "{}", ALICE);
        JsonObject done = TaskRpc.await(server, id, "completed");
        assertThat(Rpc.isError(done.getObject("result"))).isTrue();
    }

    @Test
    void anExceptionFromTheToolIsAnIsErrorResultAsInASynchronousCall() throws Exception {
        String id = TaskRpc.create(server, "throw", "{}", ALICE);
        JsonObject done = TaskRpc.await(server, id, "completed");
        assertThat(Rpc.isError(done.getObject("result"))).isTrue();
        assertThat(Rpc.text(done.getObject("result"))).contains("disk full");
    }

    @Test
    void aProtocolErrorFailsTheTaskWithTheJsonRpcError() throws Exception {
        String id = TaskRpc.create(server, "fail", "{}", ALICE);
        JsonObject done = TaskRpc.await(server, id, "failed");
        assertThat(done.getObject("error")).isEqualTo(Rpc.json(
                "{\"code\":-32603,\"message\":\"the job broke\",\"data\":{\"why\":\"test\"}}"));
        assertThat(done.has("result")).isFalse();
    }

    @Test
    void cancelIsAcknowledgedAndStopsTheHandlerPromptly() throws Exception {
        String id = TaskRpc.create(server, "sleep", "{\"ms\":60000}", ALICE);
        assertThat(tools.running.await(5, TimeUnit.SECONDS)).isTrue();
        JsonObject ack = TaskRpc.cancel(server, id, ALICE);
        assertThat(ack.without("_meta")).isEqualTo(Rpc.json("{\"resultType\":\"complete\"}"));
        long t0 = System.nanoTime();
        JsonObject cancelled = TaskRpc.await(server, id, "cancelled");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(cancelled.has("result")).isFalse();
        assertThat(cancelled.getString("statusMessage")).contains("Cancelled");
        waitFor(() -> tools.interrupted.get() == 1);
        assertThat(tools.finished).hasValue(0);
    }

    @Test
    void cancelOfAFinishedTaskIsTheSameEmptyAckAndChangesNothing() throws Exception {
        String id = TaskRpc.create(server, "sleep", "{\"ms\":0}", ALICE);
        JsonObject done = TaskRpc.await(server, id, "completed");
        JsonObject ack = TaskRpc.cancel(server, id, ALICE);
        assertThat(ack.without("_meta")).isEqualTo(Rpc.json("{\"resultType\":\"complete\"}"));
        assertThat(TaskRpc.cancel(server, id, ALICE).without("_meta")).isEqualTo(ack.without("_meta"));
        assertThat(TaskRpc.get(server, id, ALICE).without("_meta")).isEqualTo(done.without("_meta"));
    }

    @Test
    void anUnknownTaskIsInvalidParamsOnEveryMethod() {
        for (String method : new String[]{"tasks/get", "tasks/cancel", "tasks/update"}) {
            McpException e = TaskRpc.error(server, TaskRpc.taskRequest(method, "tasks-conformance-nonexistent-12345",
                    method.equals("tasks/update") ? "\"inputResponses\":{}" : null, EXT), ALICE);
            assertThat(e.code()).as(method).isEqualTo(ErrorCode.INVALID_PARAMS);
        }
    }

    @Test
    void anotherPrincipalSeesTheSameNotFoundAsForATaskThatNeverExisted() throws Exception {
        String id = TaskRpc.create(server, "sleep", "{\"ms\":60000}", ALICE);
        McpException foreign = TaskRpc.error(server, TaskRpc.taskRequest("tasks/get", id, null, EXT), BOB);
        String missing = TaskIds.newId();
        McpException unknown = TaskRpc.error(server, TaskRpc.taskRequest("tasks/get", missing, null, EXT), BOB);
        assertThat(foreign.code()).isEqualTo(unknown.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(foreign.getMessage().replace(id, "ID")).isEqualTo(unknown.getMessage().replace(missing, "ID"));
        McpException cancel = TaskRpc.error(server, TaskRpc.taskRequest("tasks/cancel", id, null, EXT), BOB);
        McpException update = TaskRpc.error(server, TaskRpc.taskRequest("tasks/update", id,
                "\"inputResponses\":{}", EXT), BOB);
        assertThat(cancel.code()).isEqualTo(update.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(TaskRpc.get(server, id, ALICE).getString("status")).isEqualTo("working"); // bob changed nothing
        TaskRpc.cancel(server, id, ALICE);
    }

    @Test
    void aTaskIsRetrievableForItsTimeToLiveAndGoneAfter() throws Exception {
        try (McpServer s = McpServer.builder("t", "1").tool(TaskTools.tool("short"), tools.sleeper(),
                TaskPolicy.optional().ttl(Duration.ofMillis(400)).pollInterval(Duration.ofMillis(50))).build()) {
            long t0 = System.nanoTime();
            String id = TaskRpc.create(s, "short", "{\"ms\":0}", ALICE);
            JsonObject done = TaskRpc.await(s, id, ALICE, "completed", Duration.ofSeconds(2));
            assertThat(done.get("ttlMs")).isEqualTo(Json.of(400));
            assertThat(done.get("pollIntervalMs")).isEqualTo(Json.of(50));
            Thread.sleep(Math.max(0, 300 - (System.nanoTime() - t0) / 1_000_000));
            if ((System.nanoTime() - t0) / 1_000_000 < 380) {
                assertThat(TaskRpc.get(s, id, ALICE).getString("status")).isEqualTo("completed");
            }
            Thread.sleep(Math.max(0, 500 - (System.nanoTime() - t0) / 1_000_000));
            assertThat(TaskRpc.error(s, TaskRpc.taskRequest("tasks/get", id, null, EXT), ALICE).code())
                    .isEqualTo(ErrorCode.INVALID_PARAMS);
        }
    }

    @Test
    void anUnlimitedTimeToLiveIsNullOnTheWire() throws Exception {
        try (McpServer s = McpServer.builder("t", "1").tool(TaskTools.tool("forever"), tools.sleeper(),
                TaskPolicy.optional().ttl(null)).build()) {
            JsonObject r = Rpc.handle(s, TaskRpc.call("forever", "{\"ms\":0}", EXT), ALICE);
            assertThat(r.get("ttlMs")).isEqualTo(JsonNull.INSTANCE);
        }
    }

    @Test
    void aTaskToolAddedAtRunTimeTurnsTheExtensionOn() throws Exception {
        try (McpServer s = Rpc.echoServer().build()) {
            s.addTool(Tool.of("late", "late", TaskTools.SLEEP_SCHEMA), tools.sleeper(), TaskPolicy.optional());
            String id = TaskRpc.create(s, "late", "{\"ms\":0}", ALICE);
            TaskRpc.await(s, id, ALICE, "completed", Duration.ofSeconds(5));
        }
    }

    @Test
    void statusMessagesFromTheHandlerAreVisible() throws Exception {
        try (McpServer s = McpServer.builder("t", "1").tool(TaskTools.tool("talk"), call -> {
            call.task().statusMessage("halfway");
            Thread.sleep(60_000);
            return null;
        }, TaskPolicy.optional()).build()) {
            String id = TaskRpc.create(s, "talk", "{}", ALICE);
            waitFor(() -> "halfway".equals(getQuietly(s, id).getString("statusMessage")));
            TaskRpc.cancel(s, id, ALICE);
        }
    }

    private static JsonObject getQuietly(McpServer s, String id) {
        try {
            return TaskRpc.get(s, id, ALICE);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
