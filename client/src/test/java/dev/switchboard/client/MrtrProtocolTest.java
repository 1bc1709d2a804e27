package dev.switchboard.client;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MRTR retry rules, checked on the wire against scripted servers. */
class MrtrProtocolTest {
    private static final String ASK = """
            {"resultType":"input_required","requestState":"opaque=state/+==",
             "inputRequests":{"who":{"method":"elicitation/create","params":{"mode":"form","message":"Name?",
               "requestedSchema":{"type":"object","properties":{"name":{"type":"string"}}}}}}}""";

    private static final String DONE = """
            {"resultType":"complete","content":[{"type":"text","text":"done"}]}""";

    @Test
    void retriesWithANewIdTheOriginalParamsTheAnswersAndTheExactState() {
        AtomicInteger round = new AtomicInteger();
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) ->
                FakeServer.result(ex, r, round.getAndIncrement() == 0 ? ASK : DONE)));
             McpClient client = McpClient.builder(server.endpoint()).elicitation(RealServers::ada).build()) {
            JsonObject args = JsonObject.of("a", Json.of(1), "b", JsonObject.of("c", Json.of("d")));
            assertThat(RealServers.text(client.callTool("t", args))).isEqualTo("done");
            var calls = server.received("tools/call");
            assertThat(calls).hasSize(2);
            assertThat(calls.get(1).id()).isNotEqualTo(calls.get(0).id());
            JsonObject first = calls.get(0).params();
            JsonObject retry = calls.get(1).params();
            assertThat(first.has("inputResponses")).isFalse();
            assertThat(first.has("requestState")).isFalse();
            assertThat(retry.getObject("arguments")).isEqualTo(args);
            assertThat(retry.getString("name")).isEqualTo("t");
            assertThat(retry.getString("requestState")).isEqualTo("opaque=state/+==");
            assertThat(retry.getObject("inputResponses")).isEqualTo(JsonObject.of("who",
                    JsonObject.of("action", Json.of("accept"), "content", JsonObject.of("name", Json.of("Ada")))));
            assertThat(retry.getObject("_meta").getString("io.modelcontextprotocol/protocolVersion")).isEqualTo("2026-07-28");
        }
    }

    @Test
    void aStateOnlyRoundIsRetriedAtOnceWithoutAnswers() {
        AtomicInteger round = new AtomicInteger();
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r,
                round.getAndIncrement() == 0 ? "{\"resultType\":\"input_required\",\"requestState\":\"s1\"}" : DONE)));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThat(RealServers.text(client.callTool("t", null))).isEqualTo("done");
            JsonObject retry = server.received("tools/call").get(1).params();
            assertThat(retry.getString("requestState")).isEqualTo("s1");
            assertThat(retry.has("inputResponses")).isFalse();
        }
    }

    @Test
    void aMissingHandlerFailsClearlyInsteadOfAnswering() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r, ASK)));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThatThrownBy(() -> client.callTool("t", null)).isInstanceOfSatisfying(McpClientException.class, e -> {
                assertThat(e.kind()).isEqualTo(McpClientException.Kind.INPUT);
                assertThat(e.getMessage()).contains("\"who\"", "elicitation/create", "no ElicitationHandler");
            });
            assertThat(server.received("tools/call")).hasSize(1);
        }
    }

    @Test
    void anUnknownInputRequestMethodFails() {
        String odd = "{\"resultType\":\"input_required\",\"inputRequests\":{\"x\":{\"method\":\"mind/read\"}}}";
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r, odd)));
             McpClient client = McpClient.builder(server.endpoint()).elicitation(RealServers::ada).build()) {
            assertThatThrownBy(() -> client.callTool("t", null)).isInstanceOfSatisfying(McpClientException.class, e -> {
                assertThat(e.kind()).isEqualTo(McpClientException.Kind.INPUT);
                assertThat(e.getMessage()).contains("mind/read");
            });
        }
    }

    @Test
    void anUnknownResultTypeIsAnInvalidResponse() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) ->
                FakeServer.result(ex, r, "{\"resultType\":\"teleported\",\"content\":[]}")));
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThatThrownBy(() -> client.callTool("t", null)).isInstanceOfSatisfying(McpClientException.class, e -> {
                assertThat(e.kind()).isEqualTo(McpClientException.Kind.INVALID_RESPONSE);
                assertThat(e.getMessage()).contains("unknown resultType \"teleported\"");
            });
        }
    }

    @Test
    void inputRequiredOnAMethodWithoutMrtrIsAnInvalidResponse() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r, ASK)));
             McpClient client = McpClient.builder(server.endpoint()).elicitation(RealServers::ada).build()) {
            assertThatThrownBy(client::listAllTools).isInstanceOfSatisfying(McpClientException.class,
                    e -> assertThat(e.kind()).isEqualTo(McpClientException.Kind.INVALID_RESPONSE));
        }
    }

    @Test
    void aHandlerReturningNullFails() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r, ASK)));
             McpClient client = McpClient.builder(server.endpoint()).elicitation(r -> null).build()) {
            assertThatThrownBy(() -> client.callTool("t", null)).isInstanceOfSatisfying(McpClientException.class,
                    e -> assertThat(e.getMessage()).contains("returned null"));
        }
    }

    @Test
    void timeSpentInAHandlerDoesNotCountAgainstTheTimeout() {
        AtomicInteger round = new AtomicInteger();
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) ->
                FakeServer.result(ex, r, round.getAndIncrement() == 0 ? ASK : DONE)));
             McpClient client = McpClient.builder(server.endpoint()).requestTimeout(java.time.Duration.ofMillis(300))
                     .elicitation(r -> {
                         Thread.sleep(600); // a slow user
                         return RealServers.ada(r);
                     }).build()) {
            assertThat(RealServers.text(client.callTool("t", null))).isEqualTo("done");
        }
    }
}
