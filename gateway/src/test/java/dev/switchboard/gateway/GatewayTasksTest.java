package dev.switchboard.gateway;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.Era;
import dev.switchboard.client.InputRound;
import dev.switchboard.client.ListenListener;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.ToolCallOutcome;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.embedded.InMemoryTaskStore;
import dev.switchboard.state.embedded.InProcessEventBus;
import dev.switchboard.state.seal.KeyRing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Upstream tasks through two gateway instances that share a key ring, an event bus and a store
 * (in process), as replicas behind a load balancer would: a task created through one is read,
 * answered and cancelled through the other.
 */
@Timeout(60)
class GatewayTasksTest {
    static final KeyRing RING = KeyRing.generate();
    static Upstreams.Running upstream;
    static Gateway a;
    static Gateway b;
    static McpHttpServer httpA;
    static McpHttpServer httpB;

    @BeforeAll
    static void start() throws Exception {
        upstream = Upstreams.start(Worker.server());
        InProcessEventBus bus = new InProcessEventBus();
        InMemoryStore store = new InMemoryStore();
        InMemoryTaskStore tasks = new InMemoryTaskStore(); // the gateway's own tasks (of the session-era upstream)
        a = instance("test/a", bus, store, tasks);
        b = instance("test/b", bus, store, tasks);
        httpA = McpHttpServer.builder(a.server()).port(0).start();
        httpB = McpHttpServer.builder(b.server()).port(0).start();
    }

    static Gateway instance(String name, InProcessEventBus bus, InMemoryStore store, InMemoryTaskStore tasks)
            throws InterruptedException {
        return Gateway.builder(name, "1.0").keyRing(RING)
                .server(s -> s.eventBus(bus).keyValue(store).counters(store).taskStore(tasks))
                .upstream(UpstreamConfig.http("modern", upstream.endpoint()).withEra(Era.MODERN))
                .upstream(UpstreamConfig.http("legacy", upstream.endpoint()).withEra(Era.LEGACY))
                .start();
    }

    @AfterAll
    static void stop() {
        httpA.close();
        httpB.close();
        a.close();
        b.close();
        upstream.close();
    }

    static McpClient client(McpHttpServer http) {
        return McpClient.builder(http.endpoint()).era(Era.MODERN).taskPolling(Duration.ofMillis(20), Duration.ofMillis(200))
                .elicitation(r -> ElicitResult.accept(JsonObject.of("name", Json.of("Ada")))).build();
    }

    static String text(CallToolResult r) {
        return ((TextContent) r.content().getFirst()).text();
    }

    @Test
    void advertisesTheExtensionAndEachToolsTaskSupport() {
        try (McpClient client = client(httpA)) {
            assertThat(client.discover().capabilities().hasExtension(TasksExtension.ID)).isTrue();
            Map<String, Tool> tools = new java.util.HashMap<>();
            client.listAllTools().forEach(t -> tools.put(t.name(), t));
            assertThat(tools.get("modern__slow").execution().getString("taskSupport")).isEqualTo("required");
            assertThat(tools.get("modern__quick").execution().getString("taskSupport")).isEqualTo("optional");
        }
    }

    @Test
    void callToolAndWaitFollowsTheUpstreamTask() {
        try (McpClient client = client(httpA)) {
            assertThat(text(client.callToolAndWait(CallToolRequest.of("modern__slow",
                    JsonObject.of("text", Json.of("x")))))).isEqualTo("done:x");
            // input_required during the task: asked through tasks/get, answered through tasks/update
            assertThat(text(client.callToolAndWait(CallToolRequest.of("modern__ask", JsonObject.EMPTY)))).isEqualTo("hello Ada");
        }
    }

    @Test
    void inputBeforeTheTaskIsAskedOfTheCallerAndItsRetryOnTheOtherInstanceCreatesTheTask() throws Exception {
        try (McpClient toA = client(httpA); McpClient toB = client(httpB)) {
            CallToolRequest call = CallToolRequest.of("modern__named", JsonObject.EMPTY);
            InputRound<ToolCallOutcome> first = toA.callToolRoundAsTask(call, CallOptions.DEFAULT);
            assertThat(first).isInstanceOf(InputRound.InputRequired.class);
            InputRequiredResult asked = ((InputRound.InputRequired<ToolCallOutcome>) first).needed();
            assertThat(asked.inputRequests()).containsOnlyKeys("who"); // the upstream's key, unchanged
            // answered through the other instance: the upstream's own requestState rides in the gateway's
            InputRound<ToolCallOutcome> second = toB.callToolRoundAsTask(retry(call, asked, accept("Ada")), CallOptions.DEFAULT);
            assertThat(second).isInstanceOfSatisfying(InputRound.Complete.class, c ->
                    assertThat(c.result()).isInstanceOf(ToolCallOutcome.TaskCreated.class));
            String handle = ((ToolCallOutcome.TaskCreated) ((InputRound.Complete<ToolCallOutcome>) second).result()).task().taskId();
            assertThat(toA.getTask(handle).task().taskId()).as("a handle: the upstream's own id would be unknown here")
                    .isEqualTo(handle);
            assertThat(text(toA.awaitTask(handle, CallOptions.DEFAULT))).isEqualTo("hello Ada");
            // and as a client that answers with its handler sees it: one call
            assertThat(text(toB.callToolAndWait(call))).isEqualTo("hello Ada");
        }
    }

    @Test
    void aDeclineBeforeTheTaskReachesTheUpstream() throws Exception {
        try (McpClient toA = client(httpA); McpClient toB = client(httpB)) {
            CallToolRequest call = CallToolRequest.of("modern__named", JsonObject.EMPTY);
            InputRequiredResult asked = ((InputRound.InputRequired<ToolCallOutcome>) toA.callToolRoundAsTask(call,
                    CallOptions.DEFAULT)).needed();
            ToolCallOutcome o = ((InputRound.Complete<ToolCallOutcome>) toB.callToolRoundAsTask(retry(call, asked,
                    Codec.encode(ElicitResult.decline())), CallOptions.DEFAULT)).result();
            assertThat(text(toA.awaitTask(((ToolCallOutcome.TaskCreated) o).task().taskId(), CallOptions.DEFAULT)))
                    .isEqualTo("declined");
        }
    }

    @Test
    void aTamperedOrMisappliedRequestStateBeforeTheTaskIsRefused() {
        try (McpClient toA = client(httpA); McpClient toB = client(httpB)) {
            CallToolRequest call = CallToolRequest.of("modern__named", JsonObject.EMPTY);
            InputRequiredResult asked = ((InputRound.InputRequired<ToolCallOutcome>) toA.callToolRoundAsTask(call,
                    CallOptions.DEFAULT)).needed();
            String state = asked.requestState();
            char c = state.charAt(state.length() - 2);
            String tampered = state.substring(0, state.length() - 2) + (c == 'A' ? 'B' : 'A') + state.charAt(state.length() - 1);
            assertThatThrownBy(() -> toB.callToolRoundAsTask(new CallToolRequest("modern__named", JsonObject.EMPTY,
                    Map.of("who", accept("Ada")), tampered, null), CallOptions.DEFAULT))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                        assertThat(e.getMessage()).contains("Invalid requestState");
                    });
            // the state of one call is not the key to another (other arguments)
            assertThatThrownBy(() -> toB.callToolRoundAsTask(new CallToolRequest("modern__named", JsonObject.of("x",
                    Json.of(1)), Map.of("who", accept("Ada")), state, null), CallOptions.DEFAULT))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e ->
                            assertThat(e.getMessage()).contains("issued for a different request"));
        }
    }

    @Test
    void aCallerThatCannotAnswerTheQuestionBeforeTheTaskGetsMissingCapability() {
        try (McpClient mute = McpClient.builder(httpA.endpoint()).era(Era.MODERN).build()) {
            assertThatThrownBy(() -> mute.callToolRoundAsTask(CallToolRequest.of("modern__named", JsonObject.EMPTY),
                    CallOptions.DEFAULT)).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
                        assertThat(((JsonObject) e.data()).getObject("requiredCapabilities").has("elicitation")).isTrue();
                    });
        }
    }

    @Test
    void aTaskCreatedOnOneInstanceIsReadAnsweredAndFinishedOnTheOther() throws Exception {
        try (McpClient toA = client(httpA); McpClient toB = client(httpB)) {
            String handle = created(toA, "modern__ask");
            DetailedTask asking = awaitStatus(toB, handle, t -> t.task().status().equals("input_required"));
            assertThat(asking.task().taskId()).isEqualTo(handle);
            assertThat(asking.inputRequests()).containsOnlyKeys("name"); // the upstream's key, unchanged
            toB.updateTask(handle, Map.of("name", Codec.encode(ElicitResult.accept(JsonObject.of("name", Json.of("Bo"))))));
            DetailedTask done = awaitStatus(toA, handle, t -> t.task().isTerminal());
            assertThat(done.task().status()).isEqualTo("completed");
            assertThat(done.result().toString()).contains("hello Bo");
            assertThat(text(toB.awaitTask(handle, CallOptions.DEFAULT))).isEqualTo("hello Bo");
        }
    }

    @Test
    void cancelThroughTheOtherInstanceReachesTheUpstream() throws Exception {
        Worker.cancelled = new CountDownLatch(1);
        try (McpClient toA = client(httpA); McpClient toB = client(httpB)) {
            String handle = created(toA, "modern__stuck");
            toB.cancelTask(handle);
            assertThat(Worker.cancelled.await(10, TimeUnit.SECONDS)).as("the upstream handler was interrupted").isTrue();
            assertThat(awaitStatus(toA, handle, t -> t.task().isTerminal()).task().status()).isEqualTo("cancelled");
        }
    }

    @Test
    void forgedTamperedAndForeignHandlesAreUnknownTasks() throws Exception {
        try (McpClient toA = client(httpA);
             Gateway other = Gateway.builder("test/other", "1.0") // another deployment: its own key ring
                     .upstream(UpstreamConfig.http("modern", upstream.endpoint()).withEra(Era.MODERN)).start();
             McpHttpServer httpOther = McpHttpServer.builder(other.server()).port(0).start();
             McpClient toOther = client(httpOther)) {
            String real = created(toA, "modern__slow");
            String foreign = created(toOther, "modern__slow");
            char last = real.charAt(real.length() - 2);
            String tampered = real.substring(0, real.length() - 2) + (last == 'A' ? 'B' : 'A') + real.charAt(real.length() - 1);
            for (String id : new String[]{"no-such-task", tampered, foreign}) {
                assertThatThrownBy(() -> toA.getTask(id)).as(id).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                    assertThat(e.getMessage()).contains("Unknown task").doesNotContain("modern");
                });
                assertThatThrownBy(() -> toA.cancelTask(id)).isInstanceOfSatisfying(ErrorResponseException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS));
            }
            assertThat(toA.getTask(real).task().taskId()).isEqualTo(real);
        }
    }

    @Test
    void theGatewayRunsTheTasksOfASessionEraUpstream() throws Exception {
        try (McpClient toA = client(httpA); McpClient toB = client(httpB)) {
            Map<String, Tool> tools = new java.util.HashMap<>();
            toA.listAllTools().forEach(t -> tools.put(t.name(), t));
            assertThat(tools.get("legacy__quick").execution().getString("taskSupport")).isEqualTo("optional");
            assertThat(text(toA.callToolAndWait(CallToolRequest.of("legacy__quick", JsonObject.EMPTY)))).isEqualTo("quick");
            // the upstream's question becomes the gateway task's input_required, under the upstream's own key;
            // read and answered through the other instance, then routed to the one holding the upstream call
            String id = created(toA, "legacy__greet");
            DetailedTask asking = awaitStatus(toB, id, t -> t.task().status().equals("input_required"));
            assertThat(asking.inputRequests()).containsOnlyKeys("name");
            toB.updateTask(id, Map.of("name", Codec.encode(ElicitResult.accept(JsonObject.of("name", Json.of("Cy"))))));
            DetailedTask done = awaitStatus(toA, id, t -> t.task().isTerminal());
            assertThat(done.task().status()).isEqualTo("completed");
            assertThat(text(toB.awaitTask(id, CallOptions.DEFAULT))).isEqualTo("hello Cy");
            // without the extension the same tool answers synchronously
            try (McpClient plain = McpClient.builder(httpB.endpoint()).era(Era.MODERN)
                    .elicitation(r -> ElicitResult.accept(JsonObject.of("name", Json.of("Di")))).build()) {
                assertThat(text(plain.callTool("legacy__greet", JsonObject.EMPTY))).isEqualTo("hello Di");
            }
        }
    }

    @Test
    void cancellingAGatewayTaskEndsTheUpstreamCall() throws Exception {
        Worker.cancelled = new CountDownLatch(1);
        try (McpClient toA = client(httpA); McpClient toB = client(httpB)) {
            String id = created(toA, "legacy__linger");
            awaitStatus(toA, id, t -> t.task().status().equals("working"));
            Thread.sleep(200); // let the forwarded call reach the upstream's handler
            toB.cancelTask(id);
            assertThat(Worker.cancelled.await(10, TimeUnit.SECONDS)).as("the upstream handler was interrupted").isTrue();
            assertThat(awaitStatus(toA, id, t -> t.task().isTerminal()).task().status()).isEqualTo("cancelled");
        }
    }

    @Test
    void argumentsAreCheckedBeforeTheTaskGoesUp() {
        try (McpClient client = client(httpA)) {
            ToolCallOutcome o = client.callToolAsTask(CallToolRequest.of("modern__slow", JsonObject.of("text", Json.of(3))),
                    CallOptions.DEFAULT);
            assertThat(o).isInstanceOfSatisfying(ToolCallOutcome.Completed.class, c -> {
                assertThat(c.result().isError()).isTrue();
                assertThat(text(c.result())).contains("Invalid arguments for tool modern__slow");
            });
        }
    }

    @Test
    void aListenForAForwardedTaskIsNotAcknowledgedForIt() throws Exception {
        // its changes happen upstream and are never pushed here: claiming it would leave the client an idle stream
        try (McpClient client = client(httpA)) {
            String handle = created(client, "modern__slow");
            try (var sub = client.listen(new SubscriptionFilter(true, null, null, null, List.of(handle)), new ListenListener() { })) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!sub.isConnected() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(sub.honoured().taskIdsOrEmpty()).isEmpty();
                assertThat(sub.honoured().toolsListChanged()).as("the rest of the filter stands").isTrue();
            }
        }
    }

    @Test
    void anUpstreamsResourceUpdateReachesListenStreamsOnEveryInstance() throws Exception {
        java.util.concurrent.BlockingQueue<String> updates = new java.util.concurrent.LinkedBlockingQueue<>();
        try (McpClient toB = client(httpB);
             var sub = toB.listen(new SubscriptionFilter(null, null, null, List.of("mem://status", "legacy+mem://status"), null),
                     new ListenListener() {
                         @Override
                         public void onResourceUpdated(ResourceUpdatedNotification n) {
                             updates.add(n.uri());
                         }
                     })) {
            upstream.server().resourceUpdated("mem://status");
            // served as mem://status (upstream modern) and legacy+mem://status (upstream legacy, session era)
            java.util.Set<String> seen = new java.util.HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                String uri = updates.poll(100, TimeUnit.MILLISECONDS);
                if (uri != null) {
                    seen.add(uri);
                }
            }
            assertThat(seen).containsExactlyInAnyOrder("mem://status", "legacy+mem://status");
        }
    }

    private static String created(McpClient client, String tool) {
        ToolCallOutcome o = client.callToolAsTask(CallToolRequest.of(tool, tool.endsWith("slow")
                ? JsonObject.of("text", Json.of("x")) : JsonObject.EMPTY), CallOptions.DEFAULT);
        assertThat(o).isInstanceOf(ToolCallOutcome.TaskCreated.class);
        return ((ToolCallOutcome.TaskCreated) o).task().taskId();
    }

    private static Json accept(String name) {
        return Codec.encode(ElicitResult.accept(JsonObject.of("name", Json.of(name))));
    }

    /** {@code call} again, answering the key {@code asked} asked for with {@code answer}, and its requestState. */
    private static CallToolRequest retry(CallToolRequest call, InputRequiredResult asked, Json answer) {
        return new CallToolRequest(call.name(), call.arguments(), Map.of(asked.inputRequests().keySet().iterator().next(),
                answer), asked.requestState(), null);
    }

    private static DetailedTask awaitStatus(McpClient client, String handle, Predicate<DetailedTask> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            DetailedTask t = client.getTask(handle);
            if (done.test(t)) {
                return t;
            }
            assertThat(System.nanoTime()).as("task " + t.task().status()).isLessThan(deadline);
            Thread.sleep(30);
        }
    }
}
