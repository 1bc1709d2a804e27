package dev.switchboard.client;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.roots.Root;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MRTR against the conformance fixture: every kind of input, several rounds, the round limit. */
class MrtrTest {
    static McpHttpServer fixture;

    @BeforeAll
    static void start() {
        fixture = RealServers.fixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static McpClient.Builder everything(Era era) {
        return McpClient.builder(fixture.endpoint()).era(era)
                .elicitation(r -> r.message().contains("color")
                        ? ElicitResult.accept(JsonObject.of("color", Json.of("teal")))
                        : r.message().contains("confirm") ? ElicitResult.accept(JsonObject.of("ok", Json.of(true)))
                        : r.message().contains("context") ? ElicitResult.accept(JsonObject.of("context", Json.of("tests")))
                        : ElicitResult.accept(JsonObject.of("name", Json.of("Ada"))))
                .sampling(r -> CreateMessageResult.of(TextContent.of("Paris"), "test-model", "endTurn"))
                .roots(r -> ListRootsResult.of(Root.of("file:///work", "work")));
    }

    @Test
    void answersAThreeRoundConversation() {
        List<String> asked = new CopyOnWriteArrayList<>();
        try (McpClient client = McpClient.builder(fixture.endpoint()).era(Era.MODERN).elicitation(r -> {
            asked.add(r.message());
            return r.message().startsWith("Step 1") ? ElicitResult.accept(JsonObject.of("name", Json.of("Ada")))
                    : ElicitResult.accept(JsonObject.of("color", Json.of("teal")));
        }).build()) {
            var r = client.callTool("test_input_required_result_multi_round", JsonObject.EMPTY);
            assertThat(RealServers.text(r)).isEqualTo("Ada likes teal");
        }
        assertThat(asked).containsExactly("Step 1: What is your name?", "Step 2: What is your favorite color?");
    }

    @Test
    void failsWhenTheServerNeedsMoreRoundsThanAllowed() {
        try (McpClient client = McpClient.builder(fixture.endpoint()).era(Era.MODERN).maxInputRounds(1)
                .elicitation(RealServers::ada).build()) {
            assertThatThrownBy(() -> client.callTool("test_input_required_result_multi_round", JsonObject.EMPTY))
                    .isInstanceOfSatisfying(McpClientException.class, e -> {
                        assertThat(e.kind()).isEqualTo(McpClientException.Kind.INPUT);
                        assertThat(e.getMessage()).contains("after 1 rounds");
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void answersSampling(Era era) {
        try (McpClient client = everything(era).build()) {
            assertThat(RealServers.text(client.callTool("test_input_required_result_sampling", null))).isEqualTo("Paris");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void answersRoots(Era era) {
        try (McpClient client = everything(era).build()) {
            assertThat(RealServers.text(client.callTool("test_input_required_result_list_roots", null)))
                    .isEqualTo("Client roots: file:///work");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void answersSeveralInputsInOneRound(Era era) {
        try (McpClient client = everything(era).build()) {
            assertThat(RealServers.text(client.callTool("test_input_required_result_multiple_inputs", null)))
                    .isEqualTo("name=Ada, greeting=Paris, roots=file:///work");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void echoesTheRequestState(Era era) {
        try (McpClient client = everything(era).build()) {
            assertThat(RealServers.text(client.callTool("test_input_required_result_request_state", null)))
                    .isEqualTo("state-ok: ok=true");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void answersInputOnPromptsGet(Era era) {
        try (McpClient client = everything(era).build()) {
            var p = client.getPrompt(GetPromptRequest.of("test_input_required_result_prompt", null));
            assertThat(((TextContent) p.messages().getFirst().content()).text()).isEqualTo("Prompt with context: tests");
        }
    }

    @Test
    void declaresOnlyTheCapabilitiesOfRegisteredHandlers() {
        try (McpClient client = McpClient.builder(fixture.endpoint()).era(Era.MODERN)
                .roots(r -> ListRootsResult.of(Root.of("file:///a", null))).build()) {
            assertThat(RealServers.text(client.callTool("test_input_required_result_capabilities", null)))
                    .isEqualTo("Received input for: client_roots");
        }
    }
}
