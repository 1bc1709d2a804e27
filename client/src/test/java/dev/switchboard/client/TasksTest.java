package dev.switchboard.client;

import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.roots.Root;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tools.CallToolRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.switchboard.client.TaskServer.TASK_ID;
import static dev.switchboard.client.TaskServer.WORKING;
import static dev.switchboard.client.TaskServer.completed;
import static dev.switchboard.client.TaskServer.elicit;
import static dev.switchboard.client.TaskServer.step;
import static dev.switchboard.client.TaskServer.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Tasks extension, client side, against {@link TaskServer}: create, poll, input, the ways a task ends. */
class TasksTest {
    static final CallToolRequest RENDER = CallToolRequest.of("render", JsonObject.of("scene", Json.of("intro")));

    private static McpClient client(TaskServer server) {
        return McpClient.builder(server.endpoint()).era(Era.MODERN).taskPolling(Duration.ofMillis(20),
                Duration.ofSeconds(5)).elicitation(r -> ElicitResult.accept(JsonObject.of("name",
                Json.of(r.message().contains("second") ? "Grace" : "Ada")))).build();
    }

    private static String text(dev.switchboard.protocol.tools.CallToolResult r) {
        return RealServers.text(r);
    }

    @Test
    void pollsAWorkingTaskUntilItCompletes() {
        try (TaskServer server = TaskServer.start(50, WORKING, WORKING, completed("rendered"));
             McpClient client = client(server)) {
            assertThat(text(client.callToolAndWait(RENDER))).isEqualTo("rendered");
            assertThat(server.gets).hasSize(3);
        }
    }

    @Test
    void callToolAsTaskHandsBackTheTaskAndAwaitTaskFinishesIt() {
        try (TaskServer server = TaskServer.start(50, WORKING, completed("later"));
             McpClient client = client(server)) {
            ToolCallOutcome outcome = client.callToolAsTask(RENDER, CallOptions.DEFAULT);
            String id = switch (outcome) {
                case ToolCallOutcome.TaskCreated t -> t.task().taskId();
                case ToolCallOutcome.Completed c -> throw new AssertionError("expected a task, got " + c);
            };
            assertThat(id).isEqualTo(TASK_ID);
            assertThat(((ToolCallOutcome.TaskCreated) outcome).task().pollIntervalMs()).isEqualTo(50L);
            assertThat(text(client.awaitTask(id, CallOptions.DEFAULT))).isEqualTo("later");
        }
    }

    @Test
    void aServerThatAnswersAtOnceGivesTheResultEitherWay() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r, TaskServer.RESULT)));
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN).build()) {
            assertThat(client.callToolAsTask(RENDER, CallOptions.DEFAULT)).isInstanceOfSatisfying(
                    ToolCallOutcome.Completed.class, c -> assertThat(text(c.result())).isEqualTo("done"));
            assertThat(text(client.callToolAndWait(RENDER))).isEqualTo("done");
            assertThat(server.received("tasks/get")).isEmpty();
        }
    }

    @Test
    void withoutOptInNothingChanges() {
        try (TaskServer server = TaskServer.start(50, completed("x")); McpClient client = client(server)) {
            assertThat(text(client.callTool(RENDER))).isEqualTo("done"); // the ordinary result, not a task
            JsonObject caps = server.received("tools/call").getFirst().params().getObject("_meta")
                    .getObject("io.modelcontextprotocol/clientCapabilities");
            assertThat(caps.has("extensions")).isFalse();
        }
    }

    @Test
    void aTaskResultToARequestThatDidNotOptInIsInvalid() {
        String task = "{\"resultType\":\"task\",\"taskId\":\"t\",\"status\":\"working\",\"createdAt\":\"x\","
                + "\"lastUpdatedAt\":\"x\",\"ttlMs\":null}";
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r, task)));
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN).build()) {
            assertThatThrownBy(() -> client.callTool(RENDER)).isInstanceOfSatisfying(McpClientException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
                assertThat(e.getMessage()).contains("did not declare", "io.modelcontextprotocol/tasks");
            });
        }
    }

    @Test
    void sendsTheOptInAndTheRoutingHeaders() {
        try (TaskServer server = TaskServer.start(20, WORKING, elicit("login", "Your name?"), completed("ok"));
             McpClient client = client(server)) {
            client.callToolAndWait(RENDER);
            FakeServer.Received call = server.received("tools/call").getFirst();
            assertThat(call.header("Mcp-Method")).isEqualTo("tools/call");
            assertThat(call.header("Mcp-Name")).isEqualTo("render");
            assertThat(extensions(call)).isEqualTo(JsonObject.of(TaskServer.EXT, JsonObject.EMPTY));
            for (String method : List.of("tasks/get", "tasks/update")) {
                FakeServer.Received r = server.received(method).getFirst();
                assertThat(r.header("Mcp-Method")).isEqualTo(method);
                assertThat(r.header("Mcp-Name")).isEqualTo(TASK_ID);
                assertThat(r.header("MCP-Protocol-Version")).isEqualTo("2026-07-28");
                assertThat(r.params().getString("taskId")).isEqualTo(TASK_ID);
                assertThat(r.params().getObject("_meta").getString("io.modelcontextprotocol/protocolVersion"))
                        .isEqualTo("2026-07-28");
                assertThat(extensions(r)).isEqualTo(JsonObject.of(TaskServer.EXT, JsonObject.EMPTY));
            }
        }
    }

    private static JsonObject extensions(FakeServer.Received r) {
        return r.params().getObject("_meta").getObject("io.modelcontextprotocol/clientCapabilities")
                .getObject("extensions");
    }

    @Test
    void aFailedTaskThrowsItsError() {
        try (TaskServer server = TaskServer.start(20, WORKING,
                step("\"status\":\"failed\",\"error\":{\"code\":-32603,\"message\":\"renderer crashed\"}"));
             McpClient client = client(server)) {
            assertThatThrownBy(() -> client.callToolAndWait(RENDER)).isInstanceOfSatisfying(TaskException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.ERROR_RESPONSE);
                assertThat(e.taskId()).isEqualTo(TASK_ID);
                assertThat(e.error().code()).isEqualTo(-32603);
                assertThat(e.lastSeen().task().status()).isEqualTo("failed");
                assertThat(e.getMessage()).contains("Task " + TASK_ID, "failed: renderer crashed");
            });
            assertThat(server.received("tasks/cancel")).isEmpty();
        }
    }

    @Test
    void aToolErrorIsACompletedResult() {
        try (TaskServer server = TaskServer.start(20, step("\"status\":\"completed\",\"result\":{\"content\":"
                + "[{\"type\":\"text\",\"text\":\"bad scene\"}],\"isError\":true}"));
             McpClient client = client(server)) {
            assertThat(client.callToolAndWait(RENDER).isError()).isTrue();
        }
    }

    @Test
    void aTaskCancelledElsewhereEndsTheWait() {
        try (TaskServer server = TaskServer.start(20, WORKING,
                step("\"status\":\"cancelled\",\"statusMessage\":\"operator stopped it\""));
             McpClient client = client(server)) {
            assertThatThrownBy(() -> client.callToolAndWait(RENDER)).isInstanceOfSatisfying(TaskException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
                assertThat(e.getMessage()).contains("was cancelled: operator stopped it");
            });
        }
    }

    @Test
    void theStatusListenerHearsEachChangeOnce() {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (TaskServer server = TaskServer.start(20, WORKING, WORKING,
                step("\"status\":\"working\",\"statusMessage\":\"rendering\""), elicit("login", "Your name?"),
                completed("hi"));
             McpClient client = client(server)) {
            client.callToolAndWait(RENDER, CallOptions.builder()
                    .onTaskStatus(t -> heard.add(t.status() + (t.statusMessage() == null ? "" : ": " + t.statusMessage())))
                    .build());
            // created working, two polls still working (not told again), then each change
            assertThat(heard).containsExactly("working", "working: rendering", "input_required", "completed");
        }
    }

    @Test
    void aFailingStatusListenerDoesNotEndTheWait() {
        try (TaskServer server = TaskServer.start(20, WORKING, completed("fine")); McpClient client = client(server)) {
            assertThat(text(client.callToolAndWait(RENDER, CallOptions.builder().onTaskStatus(t -> {
                throw new IllegalStateException("listener bug");
            }).build()))).isEqualTo("fine");
        }
    }

    @Test
    void answersInputWithTheSameHandlersAsMrtr() {
        List<String> asked = new CopyOnWriteArrayList<>();
        try (TaskServer server = TaskServer.start(20, WORKING, elicit("login", "Your name?"), completed("hi Ada"));
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN)
                     .taskPolling(Duration.ofMillis(20), Duration.ofSeconds(5))
                     .elicitation(r -> {
                         asked.add(r.message());
                         return ElicitResult.accept(JsonObject.of("name", Json.of("Ada")));
                     }).build()) {
            assertThat(text(client.callToolAndWait(RENDER))).isEqualTo("hi Ada");
            assertThat(asked).containsExactly("Your name?");
            assertThat(server.updates).hasSize(1);
            assertThat(server.answer(0, "login")).isEqualTo("Ada");
        }
    }

    @Test
    void answersEachKeyOnceAcrossRoundsAndSeveralKindsInOneUpdate() {
        String roundTwo = "\"status\":\"input_required\",\"inputRequests\":{"
                + "\"first\":{\"method\":\"elicitation/create\",\"params\":{\"mode\":\"form\",\"message\":\"first?\","
                + "\"requestedSchema\":{\"type\":\"object\",\"properties\":{}}}},"
                + "\"second\":{\"method\":\"elicitation/create\",\"params\":{\"mode\":\"form\",\"message\":\"second?\","
                + "\"requestedSchema\":{\"type\":\"object\",\"properties\":{}}}},"
                + "\"where\":{\"method\":\"roots/list\"}}";
        List<String> asked = new CopyOnWriteArrayList<>();
        try (TaskServer server = TaskServer.start(20, WORKING, elicit("first", "first?"),
                until(roundTwo, "second", "where"), completed("both"));
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN)
                     .taskPolling(Duration.ofMillis(20), Duration.ofSeconds(5))
                     .elicitation(r -> {
                         asked.add(r.message());
                         return ElicitResult.accept(JsonObject.of("name", Json.of(r.message().startsWith("second")
                                 ? "Grace" : "Ada")));
                     })
                     .roots(r -> ListRootsResult.of(Root.of("file:///work", "work"))).build()) {
            assertThat(text(client.callToolAndWait(RENDER))).isEqualTo("both");
            // "first" is still listed in round two (the server had not caught up): not asked or sent again
            assertThat(asked).containsExactly("first?", "second?");
            assertThat(server.updates).hasSize(2);
            assertThat(server.updates.get(0).members().keySet()).containsExactly("first");
            assertThat(server.updates.get(1).members().keySet()).containsExactlyInAnyOrder("second", "where");
            assertThat(server.answer(1, "second")).isEqualTo("Grace");
        }
    }

    @Test
    void inputTheClientCannotGiveCancelsTheTask() {
        try (TaskServer server = TaskServer.start(20, elicit("login", "Your name?"));
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN).build()) { // no handler
            assertThatThrownBy(() -> client.callToolAndWait(RENDER)).isInstanceOfSatisfying(TaskException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.INPUT);
                assertThat(e.getMessage()).contains("no ElicitationHandler", "tasks/cancel sent");
            });
            assertThat(server.received("tasks/cancel")).hasSize(1);
            assertThat(server.updates).isEmpty();
        }
    }

    @Test
    void pollsAtTheServersIntervalWithinTheClientsBounds() {
        // without push, which would add a poll when its stream opens (TaskPushTest)
        try (TaskServer server = TaskServer.start(150, WORKING, WORKING, WORKING, completed("slow"));
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN).taskPush(false)
                     .taskPolling(Duration.ofMillis(20), Duration.ofSeconds(5)).build()) {
            client.callToolAndWait(RENDER);
            assertThat(gaps(server)).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(Duration.ofMillis(120)));
        }
        // a server asking for 1 ms is held to the client's minimum
        try (TaskServer server = TaskServer.start(1, WORKING, WORKING, completed("fast"));
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN).taskPush(false)
                     .taskPolling(Duration.ofMillis(200), Duration.ofSeconds(5)).build()) {
            client.callToolAndWait(RENDER);
            assertThat(gaps(server)).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(Duration.ofMillis(170)));
        }
        // one asking for an hour is polled at the client's maximum
        try (TaskServer server = TaskServer.start(3_600_000, WORKING, completed("capped"));
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN)
                     .taskPolling(Duration.ofMillis(10), Duration.ofMillis(100)).build()) {
            long start = System.nanoTime();
            assertThat(text(client.callToolAndWait(RENDER))).isEqualTo("capped");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static List<Duration> gaps(TaskServer server) {
        List<Long> t = server.gets;
        return java.util.stream.IntStream.range(1, t.size()).mapToObj(i -> Duration.ofNanos(t.get(i) - t.get(i - 1)))
                .toList();
    }

    @Test
    void aCancelledTokenStopsTheWaitAndCancelsTheTask() throws Exception {
        CancellationToken token = new CancellationToken();
        try (TaskServer server = TaskServer.start(100, WORKING); McpClient client = client(server)) {
            Thread canceller = Thread.ofVirtual().start(() -> {
                while (server.gets.size() < 2) {
                    Thread.onSpinWait();
                }
                token.cancel();
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.callToolAndWait(RENDER, CallOptions.builder().cancellation(token).build()))
                    .isInstanceOfSatisfying(TaskException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
                        assertThat(e.taskId()).isEqualTo(TASK_ID);
                        assertThat(e.getMessage()).contains("was cancelled", "tasks/cancel sent");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            canceller.join();
            FakeServer.Received cancel = server.received("tasks/cancel").getFirst();
            assertThat(cancel.header("Mcp-Name")).isEqualTo(TASK_ID);
            assertThat(cancel.params().getString("taskId")).isEqualTo(TASK_ID);
            assertThat(extensions(cancel)).isEqualTo(JsonObject.of(TaskServer.EXT, JsonObject.EMPTY));
        }
    }

    @Test
    void aTaskThatNeverEndsTimesOutAndIsCancelled() {
        try (TaskServer server = TaskServer.start(50, WORKING); McpClient client = client(server)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.callToolAndWait(RENDER,
                    CallOptions.builder().taskTimeout(Duration.ofMillis(400)).build()))
                    .isInstanceOfSatisfying(TaskException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                        assertThat(e.getMessage()).contains("took longer than 400 ms", "tasks/cancel sent");
                        assertThat(e.lastSeen().task().status()).isEqualTo("working");
                    });
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(350)).isLessThan(Duration.ofSeconds(5));
            assertThat(server.received("tasks/cancel")).hasSize(1);
        }
    }

    @Test
    void aTaskThatExpiresMidPollFailsClearly() {
        try (TaskServer server = TaskServer.start(20, WORKING, TaskServer.GONE); McpClient client = client(server)) {
            assertThatThrownBy(() -> client.callToolAndWait(RENDER)).isInstanceOfSatisfying(TaskException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.ERROR_RESPONSE);
                assertThat(e.error().code()).isEqualTo(-32602);
                assertThat(e.getMessage()).contains("Task " + TASK_ID + " is no longer known", "expired (ttlMs 60000");
                assertThat(e.getCause()).isInstanceOf(ErrorResponseException.class);
            });
        }
    }

    @Test
    void getUpdateAndCancelOneByOne() {
        try (TaskServer server = TaskServer.start(20, elicit("login", "Your name?")); McpClient client = client(server)) {
            DetailedTask task = client.getTask(TASK_ID);
            assertThat(task.task().status()).isEqualTo("input_required");
            assertThat(task.inputRequests()).containsOnlyKeys("login");
            client.updateTask(TASK_ID, java.util.Map.of("login",
                    dev.switchboard.protocol.codec.Codec.encode(ElicitResult.accept(JsonObject.of("name", Json.of("Lin"))))));
            assertThat(server.answer(0, "login")).isEqualTo("Lin");
            client.cancelTask(TASK_ID);
            assertThat(client.getTask(TASK_ID).task().status()).isEqualTo("cancelled");
            assertThatThrownBy(() -> client.getTask("tsk_unknown")).isInstanceOfSatisfying(ErrorResponseException.class,
                    e -> assertThat(e.code()).isEqualTo(-32602));
        }
    }

    @Test
    void theSessionEraHasNoTasks() {
        try (McpHttpServer fixture = RealServers.fixture();
             McpClient client = McpClient.builder(fixture.endpoint()).era(Era.LEGACY).build()) {
            for (Runnable call : List.<Runnable>of(() -> client.callToolAsTask(RENDER, CallOptions.DEFAULT),
                    () -> client.callToolAndWait(RENDER), () -> client.getTask(TASK_ID))) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(McpClientException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
                    assertThat(e.getMessage()).contains("io.modelcontextprotocol/tasks", "2026-07-28");
                });
            }
        }
    }

    @Test
    void aTaskNotificationOnAListenStreamCutsTheWaitShort() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (TaskServer server = TaskServer.start(600_000, WORKING, completed("pushed"));
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN).taskPush(false) // only ours
                     .taskPolling(Duration.ofMillis(10), Duration.ofSeconds(60)).build()) {
            String id = ((ToolCallOutcome.TaskCreated) client.callToolAsTask(RENDER, CallOptions.DEFAULT)).task().taskId();
            try (Subscription s = client.listen(new SubscriptionFilter(null, null, null, null, List.of(id)),
                    new ListenListener() {
                        @Override
                        public void onOtherNotification(dev.switchboard.protocol.jsonrpc.Notification n) {
                            heard.add(n.method() + " " + n.params().getString("status"));
                        }
                    })) {
                assertThat(s.honoured().taskIdsOrEmpty()).containsExactly(id);
                assertThat(extensions(server.listens.getFirst())).isEqualTo(JsonObject.of(TaskServer.EXT, JsonObject.EMPTY));
                var result = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> client.awaitTask(id, CallOptions.DEFAULT), java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
                while (server.gets.isEmpty()) {
                    Thread.sleep(5); // the first poll goes out at once and sees "working"; the next is a minute away
                }
                long start = System.nanoTime();
                server.push();
                assertThat(text(result.get(10, java.util.concurrent.TimeUnit.SECONDS))).isEqualTo("pushed");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                assertThat(heard).containsExactly("notifications/tasks completed");
            }
        }
    }
}
