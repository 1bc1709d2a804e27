package dev.switchboard.gateway;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.Era;
import dev.switchboard.client.InputRound;
import dev.switchboard.client.McpClient;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.roots.Root;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Input requests bridged through the gateway, both directions: the same asking upstream spoken
 * to in 2026-07-28 over HTTP ("modern"), in the session era over HTTP ("legacy") and over stdio
 * ("stdio"), each called by a 2026-07-28 client (MRTR through the gateway) and a session-era
 * client (server-to-client requests from the gateway).
 */
@Timeout(60)
class GatewayInputBridgeTest {
    static Upstreams.Running upstream;
    static Gateway gateway;
    static McpHttpServer front;
    static volatile ElicitResult reply = ElicitResult.accept(JsonObject.of("name", Json.of("Ada")));
    static final CreateMessageResult IDEA = CreateMessageResult.of(TextContent.of("an idea"), "test-model", "endTurn");
    static final ListRootsResult ROOTS = ListRootsResult.of(Root.of("file:///work", "work"));

    @BeforeAll
    static void start() throws Exception {
        upstream = Upstreams.start(Asker.server());
        gateway = Gateway.builder("test/gateway", "1.0")
                .upstream(UpstreamConfig.http("modern", upstream.endpoint()).withEra(Era.MODERN))
                .upstream(UpstreamConfig.http("legacy", upstream.endpoint()).withEra(Era.LEGACY))
                .upstream(UpstreamConfig.stdio("stdio", javaCommand(Asker.class)).withEra(Era.LEGACY))
                .start();
        front = McpHttpServer.builder(gateway.server()).port(0).start();
        assertThat(gateway.upstreams()).allMatch(u -> u.health() == UpstreamStatus.Health.HEALTHY, "all healthy");
    }

    @AfterAll
    static void stop() {
        front.close();
        gateway.close();
        upstream.close();
    }

    /** Runs {@code main} of {@code type} in a child JVM on this test's class path. */
    static List<String> javaCommand(Class<?> type) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-cp", System.getProperty("java.class.path"), type.getName());
    }

    static McpClient client(Era era) {
        return McpClient.builder(front.endpoint()).era(era).maxInputRounds(20).elicitation(r -> reply)
                .sampling(r -> IDEA).roots(r -> ROOTS).build();
    }

    static String text(CallToolResult r) {
        return ((TextContent) r.content().getFirst()).text();
    }

    @ParameterizedTest
    @CsvSource({"MODERN,modern", "MODERN,legacy", "MODERN,stdio", "LEGACY,modern", "LEGACY,legacy", "LEGACY,stdio"})
    void relaysTheUpstreamsQuestionToEitherEraOfClient(Era clientEra, String upstreamName) {
        reply = ElicitResult.accept(JsonObject.of("name", Json.of("Ada")));
        try (McpClient client = client(clientEra)) {
            assertThat(text(client.callTool(upstreamName + "__ask_name", JsonObject.EMPTY))).isEqualTo("hello Ada");
        }
        assertThat(gateway.parkedCalls()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"MODERN,modern,decline", "MODERN,legacy,cancel", "LEGACY,modern,cancel", "LEGACY,legacy,decline"})
    void relaysDeclineAndCancel(Era clientEra, String upstreamName, String action) {
        reply = action.equals("decline") ? ElicitResult.decline() : ElicitResult.cancel();
        try (McpClient client = client(clientEra)) {
            assertThat(text(client.callTool(upstreamName + "__ask_name", JsonObject.EMPTY)))
                    .isEqualTo(action.equals("decline") ? "declined" : "cancelled");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"modern", "legacy"})
    void relaysInputOnPromptsGet(String upstreamName) {
        reply = ElicitResult.accept(JsonObject.of("name", Json.of("Bo")));
        try (McpClient client = client(Era.MODERN)) {
            var p = client.getPrompt(GetPromptRequest.of(upstreamName + "__ask_prompt", null));
            assertThat(((TextContent) p.messages().getFirst().content()).text()).isEqualTo("hello Bo");
        }
    }

    @ParameterizedTest
    @CsvSource({"MODERN,modern", "MODERN,legacy", "LEGACY,legacy"})
    void givesUpOnAnUpstreamThatAsksMoreRoundsThanAllowed(Era clientEra, String upstreamName) throws Exception {
        reply = ElicitResult.accept(JsonObject.of("name", Json.of("Ada")));
        try (McpClient client = client(clientEra)) {
            assertThatThrownBy(() -> client.callTool(upstreamName + "__ask_forever", JsonObject.EMPTY))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                        assertThat(e.getMessage()).contains("Upstream " + upstreamName + " asked for input more than 8 times");
                    });
        }
        eventually(() -> gateway.parkedCalls() == 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"modern", "legacy"})
    void refusesATamperedOrForeignRequestState(String upstreamName) {
        try (McpClient client = client(Era.MODERN)) {
            InputRequiredResult needed = firstRound(client, upstreamName + "__ask_name");
            Map<String, Json> answers = answers(needed, ElicitResult.accept(JsonObject.of("name", Json.of("Eve"))));
            assertThatThrownBy(() -> client.callToolRound(new CallToolRequest(upstreamName + "__ask_name",
                    JsonObject.EMPTY, answers, needed.requestState() + "x", null), CallOptions.DEFAULT))
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS));
            String other = upstreamName.equals("modern") ? "legacy__ask_name" : "modern__ask_name";
            assertThatThrownBy(() -> client.callToolRound(new CallToolRequest(other, JsonObject.EMPTY, answers,
                    needed.requestState(), null), CallOptions.DEFAULT))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                        assertThat(e.getMessage()).contains("different request");
                    });
            // the genuine retry still completes: a refused forgery does not disturb the parked call
            var done = client.callToolRound(new CallToolRequest(upstreamName + "__ask_name", JsonObject.EMPTY, answers,
                    needed.requestState(), null), CallOptions.DEFAULT);
            assertThat(done).isInstanceOfSatisfying(InputRound.Complete.class,
                    c -> assertThat(text((CallToolResult) c.result())).isEqualTo("hello Eve"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"modern", "legacy", "stdio"})
    void keepsTheUpstreamsKeyAndTakesAnAnswerGivenBeforeTheQuestion(String upstreamName) throws Exception {
        try (McpClient client = client(Era.MODERN)) {
            // a Switchboard upstream names its key also in the session era (InputRequest.KEY_META)
            InputRequiredResult needed = firstRound(client, upstreamName + "__ask_name");
            assertThat(needed.inputRequests()).containsOnlyKeys("name");
            assertThat(client.callToolRound(new CallToolRequest(upstreamName + "__ask_name", JsonObject.EMPTY,
                    answers(needed, ElicitResult.accept(JsonObject.of("name", Json.of("Gus")))), needed.requestState(), null),
                    CallOptions.DEFAULT)).isInstanceOf(InputRound.Complete.class);
            Map<String, Json> upfront = Map.of("name", Codec.encode(ElicitResult.accept(JsonObject.of("name", Json.of("Flo")))));
            var done = client.callToolRound(new CallToolRequest(upstreamName + "__ask_name", JsonObject.EMPTY, upfront,
                    null, null), CallOptions.DEFAULT);
            assertThat(done).isInstanceOfSatisfying(InputRound.Complete.class,
                    c -> assertThat(text((CallToolResult) c.result())).isEqualTo("hello Flo"));
        }
        eventually(() -> gateway.parkedCalls() == 0);
    }

    /** Session era: the upstream's three requests in one round; an answered one is not asked again. */
    @ParameterizedTest
    @ValueSource(strings = {"legacy", "stdio"})
    void relaysQuestionsAskedTogetherInOneRoundAndAsksAgainForTheUnanswered(String upstreamName) {
        try (McpClient client = client(Era.MODERN)) {
            String tool = upstreamName + "__ask_three";
            InputRequiredResult first = firstRound(client, tool);
            assertThat(first.inputRequests()).containsOnlyKeys("name", "idea", "roots");
            Map<String, Json> two = Map.of("name", Codec.encode(ElicitResult.accept(JsonObject.of("name", Json.of("Ada")))),
                    "idea", Codec.encode(IDEA));
            var second = client.callToolRound(new CallToolRequest(tool, JsonObject.EMPTY, two, first.requestState(), null),
                    CallOptions.DEFAULT);
            assertThat(second).isInstanceOf(InputRound.InputRequired.class);
            InputRequiredResult rest = ((InputRound.InputRequired<CallToolResult>) second).needed();
            assertThat(rest.inputRequests()).containsOnlyKeys("roots");
            var done = client.callToolRound(new CallToolRequest(tool, JsonObject.EMPTY, Map.of("roots", Codec.encode(ROOTS)),
                    rest.requestState(), null), CallOptions.DEFAULT);
            assertThat(done).isInstanceOfSatisfying(InputRound.Complete.class,
                    c -> assertThat(text((CallToolResult) c.result())).isEqualTo("hello Ada, an idea, 1 roots"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"modern", "legacy"})
    void aSessionEraClientAnswersQuestionsAskedTogether(String upstreamName) {
        reply = ElicitResult.accept(JsonObject.of("name", Json.of("Bo")));
        try (McpClient client = client(Era.LEGACY)) {
            assertThat(text(client.callTool(upstreamName + "__ask_three", JsonObject.EMPTY))).isEqualTo("hello Bo, an idea, 1 roots");
        }
    }

    /** A session-era upstream over HTTP is asked in a session declaring just what the caller declared. */
    @ParameterizedTest
    @ValueSource(strings = {"modern", "legacy"})
    void anUpstreamAsksOnlyWhatTheCallerCanAnswer(String upstreamName) {
        try (McpClient onlyElicitation = McpClient.builder(front.endpoint()).era(Era.MODERN).elicitation(r -> reply).build();
             McpClient everything = client(Era.MODERN)) {
            assertThat(text(onlyElicitation.callTool(upstreamName + "__ask_what_it_can", JsonObject.EMPTY))).isEqualTo("asked [name]");
            assertThat(text(everything.callTool(upstreamName + "__ask_what_it_can", JsonObject.EMPTY))).isEqualTo("asked [name, roots]");
        }
    }

    /**
     * A session-era upstream over HTTP is spoken to, for a caller that can answer nothing, by a
     * client declaring nothing: it cannot ask, so the call is not held (parked) while it runs; a
     * caller that can answer is held, so the upstream's question can reach it.
     */
    @Test
    void aCallerThatCanAnswerNothingIsForwardedWithoutBeingHeld() throws Exception {
        try (McpClient mute = McpClient.builder(front.endpoint()).era(Era.MODERN).build();
             McpClient asking = client(Era.MODERN)) {
            assertThat(parkedWhileCalling(mute)).as("parked calls while a mute caller's call runs").isZero();
            assertThat(parkedWhileCalling(asking)).as("parked calls while an answering caller's call runs").isEqualTo(1);
        }
    }

    private static int parkedWhileCalling(McpClient client) throws Exception {
        var call = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> text(client.callTool("legacy__work_quietly", JsonObject.EMPTY)));
        Thread.sleep(200); // the upstream works 400 ms
        int parked = gateway.parkedCalls();
        assertThat(call.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("done");
        return parked;
    }

    @Test
    void aCallerLackingACapabilityTheQuestionsNeedGetsMinus32021AndTheUpstreamCallEnds() throws Exception {
        try (McpClient client = McpClient.builder(front.endpoint()).era(Era.MODERN).elicitation(r -> reply).build()) {
            assertThatThrownBy(() -> client.callTool("legacy__ask_three", JsonObject.EMPTY))
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY));
        }
        eventually(() -> gateway.parkedCalls() == 0);
    }

    @Test
    void asksAgainWhenTheRetryLacksTheAnswerAndRefusesTheSameAnswerTwice() {
        try (McpClient client = client(Era.MODERN)) {
            InputRequiredResult needed = firstRound(client, "legacy__ask_name");
            var again = client.callToolRound(new CallToolRequest("legacy__ask_name", JsonObject.EMPTY, Map.of(),
                    needed.requestState(), null), CallOptions.DEFAULT);
            assertThat(again).isInstanceOf(InputRound.InputRequired.class);
            Map<String, Json> answers = answers(needed, ElicitResult.accept(JsonObject.of("name", Json.of("Cy"))));
            CallToolRequest retry = new CallToolRequest("legacy__ask_name", JsonObject.EMPTY, answers,
                    needed.requestState(), null);
            assertThat(client.callToolRound(retry, CallOptions.DEFAULT)).isInstanceOf(InputRound.Complete.class);
            assertThatThrownBy(() -> client.callToolRound(retry, CallOptions.DEFAULT))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                        assertThat(e.getMessage()).contains("no longer waiting");
                    });
        }
    }

    @Test
    void aParkedCallThatWaitsTooLongIsEndedAndItsLateAnswerRefused() throws Exception {
        try (Gateway impatient = Gateway.builder("test/impatient", "1.0")
                .upstream(UpstreamConfig.http("legacy", upstream.endpoint()).withEra(Era.LEGACY))
                .inputTimeout(Duration.ofMillis(300))
                .start();
             McpHttpServer http = McpHttpServer.builder(impatient.server()).port(0).start();
             McpClient client = McpClient.builder(http.endpoint()).era(Era.MODERN).elicitation(r -> reply).build()) {
            InputRequiredResult needed = firstRound(client, "legacy__ask_name");
            assertThat(impatient.parkedCalls()).isEqualTo(1);
            eventually(() -> impatient.parkedCalls() == 0);
            Map<String, Json> answers = answers(needed, ElicitResult.accept(JsonObject.of("name", Json.of("Late"))));
            assertThatThrownBy(() -> client.callToolRound(new CallToolRequest("legacy__ask_name", JsonObject.EMPTY,
                    answers, needed.requestState(), null), CallOptions.DEFAULT))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                        assertThat(e.getMessage()).contains("no longer waiting").contains("300 ms");
                    });
        }
    }

    private static InputRequiredResult firstRound(McpClient client, String tool) {
        var round = client.callToolRound(CallToolRequest.of(tool, JsonObject.EMPTY), CallOptions.DEFAULT);
        assertThat(round).isInstanceOf(InputRound.InputRequired.class);
        return ((InputRound.InputRequired<CallToolResult>) round).needed();
    }

    private static Map<String, Json> answers(InputRequiredResult needed, ElicitResult answer) {
        assertThat(needed.inputRequests()).hasSize(1);
        return Map.of(needed.inputRequests().keySet().iterator().next(), Codec.encode(answer));
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
