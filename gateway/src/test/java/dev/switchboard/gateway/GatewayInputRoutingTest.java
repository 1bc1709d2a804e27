package dev.switchboard.gateway;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.CancellationToken;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.Era;
import dev.switchboard.client.InputRound;
import dev.switchboard.client.McpClient;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.embedded.InProcessEventBus;
import dev.switchboard.state.seal.KeyRing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retries answering a session-era upstream's question that reach another gateway instance than
 * the one holding the upstream call: three gateway instances in one JVM sharing a key ring and an
 * in-process event bus, one asking upstream spoken to in the session era, and clients that send
 * each round wherever the test says.
 */
@Timeout(90)
class GatewayInputRoutingTest {
    static Upstreams.Running upstream;
    static final KeyRing RING = KeyRing.generate();
    static final EventBus BUS = new InProcessEventBus();
    static Instance a;
    static Instance b;
    static Instance c;

    /** One gateway instance on the shared key ring and bus, on its own HTTP port. */
    record Instance(Gateway gateway, McpHttpServer http) implements AutoCloseable {
        static Instance start(URI endpoint, KeyRing ring, EventBus bus, Duration requestTimeout, Duration inputTimeout)
                throws Exception {
            Gateway g = Gateway.builder("test/gateway", "1.0").server(s -> s.keyRing(ring).eventBus(bus))
                    .upstream(UpstreamConfig.http("legacy", endpoint).withEra(Era.LEGACY)
                            .withTimeouts(Duration.ofSeconds(5), requestTimeout)
                            .withConcurrency(8, Duration.ofMillis(500)))
                    .inputTimeout(inputTimeout)
                    .start();
            // a short keep-alive notices a client that went away (its cancel) quickly
            return new Instance(g, McpHttpServer.builder(g.server()).port(0).keepAlive(Duration.ofMillis(200)).start());
        }

        McpClient client(Era era) {
            return McpClient.builder(http.endpoint()).era(era).elicitation(r -> answer(r)).build();
        }

        String id() {
            return gateway.server().instanceId();
        }

        int parked() {
            return gateway.parkedCalls();
        }

        @Override
        public void close() {
            http.close();
            gateway.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = Upstreams.start(Asker.server());
        a = Instance.start(upstream.endpoint(), RING, BUS, Duration.ofSeconds(2), Duration.ofMinutes(1));
        b = Instance.start(upstream.endpoint(), RING, BUS, Duration.ofSeconds(2), Duration.ofMinutes(1));
        c = Instance.start(upstream.endpoint(), RING, BUS, Duration.ofSeconds(2), Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable x : List.<AutoCloseable>of(c, b, a, upstream, BUS)) {
            try {
                x.close();
            } catch (Exception ignored) {
                // the others still close
            }
        }
    }

    /** What a client answers: the name form gets Ada, the city form Paris. */
    static ElicitResult answer(ElicitRequest r) {
        return r.message().contains("city") ? ElicitResult.accept(JsonObject.of("city", Json.of("Paris")))
                : ElicitResult.accept(JsonObject.of("name", Json.of("Ada")));
    }

    @Test
    void aChainOfTwoQuestionsIsServedWhereverEachRetryLands() throws Exception {
        try (McpClient toA = a.client(Era.MODERN); McpClient toB = b.client(Era.MODERN);
             McpClient toC = c.client(Era.MODERN)) {
            InputRequiredResult first = round(toA, "legacy__ask_two", null, null);
            assertThat(a.parked()).isEqualTo(1);
            // the name reaches b, which routes it to a; the city question comes back through b
            InputRequiredResult second = round(toB, "legacy__ask_two", first, answerTo(first));
            assertThat(second.inputRequests().values().iterator().next().asElicit().message()).isEqualTo("Which city?");
            assertThat(b.parked()).isZero();
            // the city reaches a third instance, c; the state b relayed still names a
            var done = toC.callToolRound(retry("legacy__ask_two", second, answerTo(second)), CallOptions.DEFAULT);
            assertThat(done).isInstanceOfSatisfying(InputRound.Complete.class,
                    r -> assertThat(text((CallToolResult) r.result())).isEqualTo("hello Ada from Paris"));
        }
        eventually(() -> a.parked() == 0);
    }

    @Test
    void aRoutedRoundReturnsAPromptResult() throws Exception {
        try (McpClient toA = a.client(Era.MODERN); McpClient toB = b.client(Era.MODERN)) {
            var first = toA.getPromptRound(GetPromptRequest.of("legacy__ask_prompt", null), CallOptions.DEFAULT);
            InputRequiredResult needed = ((InputRound.InputRequired<GetPromptResult>) first).needed();
            var done = toB.getPromptRound(new GetPromptRequest("legacy__ask_prompt", null, answerTo(needed),
                    needed.requestState(), null), CallOptions.DEFAULT);
            assertThat(done).isInstanceOfSatisfying(InputRound.Complete.class, r -> assertThat(((TextContent)
                    ((GetPromptResult) r.result()).messages().getFirst().content()).text()).isEqualTo("hello Ada"));
        }
    }

    @Test
    void aRoutedRetryWithoutTheAnswerIsAskedAgainByTheHolder() throws Exception {
        try (McpClient toA = a.client(Era.MODERN); McpClient toB = b.client(Era.MODERN);
             McpClient toC = c.client(Era.MODERN)) {
            InputRequiredResult first = round(toA, "legacy__ask_name", null, null);
            InputRequiredResult again = round(toB, "legacy__ask_name", first, Map.of());
            assertThat(again.inputRequests()).isEqualTo(first.inputRequests());
            var done = toC.callToolRound(retry("legacy__ask_name", again, answerTo(again)), CallOptions.DEFAULT);
            assertThat(done).isInstanceOfSatisfying(InputRound.Complete.class,
                    r -> assertThat(text((CallToolResult) r.result())).isEqualTo("hello Ada"));
        }
    }

    @Test
    void aCopyOfAServedRetryIsRefusedAtAnyInstance() throws Exception {
        try (McpClient toA = a.client(Era.MODERN); McpClient toB = b.client(Era.MODERN);
             McpClient toC = c.client(Era.MODERN)) {
            InputRequiredResult first = round(toA, "legacy__ask_two", null, null);
            CallToolRequest nameRetry = retry("legacy__ask_two", first, answerTo(first));
            InputRequiredResult second = round(toB, "legacy__ask_two", first, answerTo(first));
            // the same name retry again, now that the call waits for the city: never taken as the city
            for (McpClient at : List.of(toC, toA)) {
                assertThatThrownBy(() -> at.callToolRound(nameRetry, CallOptions.DEFAULT))
                        .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                            assertThat(e.getMessage()).contains("already given");
                        });
            }
            CallToolRequest cityRetry = retry("legacy__ask_two", second, answerTo(second));
            assertThat(toC.callToolRound(cityRetry, CallOptions.DEFAULT)).isInstanceOf(InputRound.Complete.class);
            eventually(() -> a.parked() == 0);
            assertThatThrownBy(() -> toB.callToolRound(cityRetry, CallOptions.DEFAULT))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                        assertThat(e.getMessage()).contains("no longer waiting");
                    });
        }
    }

    @Test
    void aRetryForAnInstanceThatIsGoneGetsAClearErrorInBoundedTime() throws Exception {
        Instance doomed = Instance.start(upstream.endpoint(), RING, BUS, Duration.ofSeconds(2),
                Duration.ofMinutes(1));
        InputRequiredResult first;
        try (McpClient toDoomed = doomed.client(Era.MODERN)) {
            first = round(toDoomed, "legacy__ask_name", null, null);
        } finally {
            doomed.close();
        }
        try (McpClient toB = b.client(Era.MODERN)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> toB.callToolRound(retry("legacy__ask_name", first, answerTo(first)),
                    CallOptions.DEFAULT))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                        assertThat(e.getMessage()).contains("instance holding this request is gone")
                                .contains("instance " + doomed.id()).contains("did not confirm receiving this retry");
                    });
            // the holder does not confirm receipt within 5 s (before: queue 0.5 s + request 2 s + grace 5 s
            // at the holder, + 5 s for the bus, so 12.5 s here and 65 s with the defaults)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(5),
                    Duration.ofSeconds(10));
        }
    }

    @Test
    void aRetryAfterTheHoldersInputTimeoutIsRefusedAsNoLongerWaiting() throws Exception {
        Duration shortWait = Duration.ofMillis(300);
        try (Instance impatient = Instance.start(upstream.endpoint(), RING, BUS, Duration.ofSeconds(2), shortWait);
             Instance other = Instance.start(upstream.endpoint(), RING, BUS, Duration.ofSeconds(2), shortWait);
             McpClient toImpatient = impatient.client(Era.MODERN); McpClient toOther = other.client(Era.MODERN)) {
            InputRequiredResult first = round(toImpatient, "legacy__ask_name", null, null);
            eventually(() -> impatient.parked() == 0);
            assertThatThrownBy(() -> toOther.callToolRound(retry("legacy__ask_name", first, answerTo(first)),
                    CallOptions.DEFAULT))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                        assertThat(e.getMessage()).contains("no longer waiting").contains("300 ms");
                    });
        }
    }

    @Test
    void cancellingARoutedRoundEndsTheUpstreamCallAtTheHolder() throws Exception {
        Asker.hangStarted = new CountDownLatch(1);
        Asker.hangCancelled = new CountDownLatch(1);
        // a request timeout far beyond the test's wait: only the routed cancel can end the upstream's work in time
        try (Instance holder = Instance.start(upstream.endpoint(), RING, BUS, Duration.ofSeconds(60),
                Duration.ofMinutes(1));
             McpClient toHolder = holder.client(Era.MODERN); McpClient toB = b.client(Era.MODERN)) {
            InputRequiredResult first = round(toHolder, "legacy__ask_then_hang", null, null);
            CancellationToken token = new CancellationToken();
            CompletableFuture<?> retry = CompletableFuture.runAsync(() -> toB.callToolRound(
                    retry("legacy__ask_then_hang", first, answerTo(first)),
                    CallOptions.builder().cancellation(token).build()), r -> Thread.ofVirtual().start(r));
            assertThat(Asker.hangStarted.await(10, TimeUnit.SECONDS)).as("the answer reached the upstream").isTrue();
            token.cancel();
            eventually(() -> holder.parked() == 0);
            assertThat(Asker.hangCancelled.await(10, TimeUnit.SECONDS)).as("the upstream saw the cancel").isTrue();
            assertThat(retry).failsWithin(Duration.ofSeconds(10));
        }
    }

    @Test
    void aSessionEraClientGetsTheChainFromTheInstanceItCalls() throws Exception {
        // its answers come back on the stream of the instance it called (or reach it through the
        // server's ReplyRouter), and the server re-runs the handler there: the parked call is local
        try (McpClient legacyToB = b.client(Era.LEGACY)) {
            assertThat(text(legacyToB.callTool("legacy__ask_two", JsonObject.EMPTY))).isEqualTo("hello Ada from Paris");
        }
        eventually(() -> a.parked() + b.parked() + c.parked() == 0);
    }

    static InputRequiredResult round(McpClient client, String tool, InputRequiredResult previous,
                                     Map<String, Json> answers) {
        CallToolRequest request = previous == null ? CallToolRequest.of(tool, JsonObject.EMPTY)
                : retry(tool, previous, answers);
        var round = client.callToolRound(request, CallOptions.DEFAULT);
        assertThat(round).isInstanceOf(InputRound.InputRequired.class);
        return ((InputRound.InputRequired<CallToolResult>) round).needed();
    }

    static CallToolRequest retry(String tool, InputRequiredResult previous, Map<String, Json> answers) {
        return new CallToolRequest(tool, JsonObject.EMPTY, answers, previous.requestState(), null);
    }

    /** The client's answers to what {@code needed} asks, as {@link #answer} gives them. */
    static Map<String, Json> answerTo(InputRequiredResult needed) {
        assertThat(needed.inputRequests()).hasSize(1);
        var e = needed.inputRequests().entrySet().iterator().next();
        return Map.of(e.getKey(), Codec.encode(answer(e.getValue().asElicit())));
    }

    static String text(CallToolResult r) {
        return ((TextContent) r.content().getFirst()).text();
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
