package dev.switchboard.client;

import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One elicitation handler serves both eras: MRTR rounds on 2026-07-28, server-to-client requests
 * in the session era.
 */
class ElicitationTest extends DemoBehindProxy {

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void greetIsAnsweredByTheSameHandlerInBothEras(Era era) {
        List<ElicitRequest> asked = new CopyOnWriteArrayList<>();
        try (McpClient client = McpClient.builder(demo.endpoint()).era(era).elicitation(request -> {
            asked.add(request);
            return ElicitResult.accept(JsonObject.of("name", Json.of("Ada")));
        }).build()) {
            assertThat(RealServers.text(client.callTool("greet", JsonObject.EMPTY))).isEqualTo("Hello, Ada!");
        }
        assertThat(asked).singleElement().satisfies(r -> {
            assertThat(r.message()).isEqualTo("What is your name?");
            assertThat(r.isForm()).isTrue();
        });
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void aDeclineIsPassedOn(Era era) {
        try (McpClient client = McpClient.builder(demo.endpoint()).era(era)
                .elicitation(request -> ElicitResult.decline()).build()) {
            assertThat(RealServers.text(client.callTool("greet", JsonObject.EMPTY))).isEqualTo("Hello, whoever you are.");
        }
    }

    @Test
    void modernRetryCarriesANewIdTheAnswerAndTheState() {
        int mark = proxy.seen().size();
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.MODERN)
                .elicitation(RealServers::ada).build()) {
            client.callTool("greet", JsonObject.EMPTY);
        }
        var calls = proxy.seen().subList(mark, proxy.seen().size()).stream()
                .filter(s -> "tools/call".equals(s.method())).toList();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).body().get("id")).isNotEqualTo(calls.get(1).body().get("id"));
        JsonObject retry = calls.get(1).body().getObject("params");
        assertThat(retry.getString("name")).isEqualTo("greet");
        assertThat(retry.getObject("arguments")).isEqualTo(JsonObject.EMPTY);
        assertThat(retry.getObject("inputResponses").getObject("who"))
                .isEqualTo(JsonObject.of("action", Json.of("accept"), "content", JsonObject.of("name", Json.of("Ada"))));
    }

    @Test
    void modernDeclaresTheElicitationCapabilityInEveryRequest() {
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.MODERN)
                .elicitation(RealServers::ada, true, true).build()) {
            client.listAllTools();
        }
        JsonObject caps = proxy.seen("tools/list").getLast().body().getObject("params").getObject("_meta")
                .getObject("io.modelcontextprotocol/clientCapabilities");
        assertThat(caps).isEqualTo(JsonObject.of("elicitation", JsonObject.of("form", JsonObject.EMPTY, "url", JsonObject.EMPTY)));
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void withoutAHandlerTheServerRefusesForTheMissingCapability(Era era) {
        try (McpClient client = McpClient.builder(demo.endpoint()).era(era).build()) {
            assertThatThrownBy(() -> client.callTool("greet", null))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
                        assertThat(e.httpStatus()).isEqualTo(era == Era.MODERN ? 400 : 200);
                    });
        }
    }

    @Test
    void aFailingHandlerFailsTheModernCall() {
        try (McpClient client = McpClient.builder(demo.endpoint()).era(Era.MODERN).elicitation(request -> {
            throw new IllegalStateException("the user closed the dialog");
        }).build()) {
            assertThatThrownBy(() -> client.callTool("greet", JsonObject.EMPTY))
                    .isInstanceOfSatisfying(McpClientException.class, e -> {
                        assertThat(e.kind()).isEqualTo(McpClientException.Kind.INPUT);
                        assertThat(e.getMessage()).contains("\"who\"", "the user closed the dialog");
                    });
        }
    }

    @Test
    void aFailingHandlerIsAnsweredWithAnErrorInTheSessionEra() {
        try (McpClient client = McpClient.builder(demo.endpoint()).era(Era.LEGACY).elicitation(request -> {
            throw new IllegalStateException("the user closed the dialog");
        }).build()) {
            // the server gets a JSON-RPC error for its elicitation and decides what the call returns
            assertThatThrownBy(() -> client.callTool("greet", JsonObject.EMPTY))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                        assertThat(e.getMessage()).contains("the user closed the dialog");
                    });
        }
    }
}
