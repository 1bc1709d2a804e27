package dev.switchboard.server;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.prompts.PromptMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.request;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code prompts/get} and {@code prompts/list}. */
class PromptsTest {
    private final AtomicReference<PromptGet> lastGet = new AtomicReference<>();

    private McpServer server() {
        return McpServer.builder("t", "1")
                .prompt(Prompt.of("greet", "Greets someone",
                                PromptArgument.required("name", "who"), PromptArgument.optional("tone", "how")),
                        PromptHandler.of(g -> {
                            lastGet.set(g);
                            return GetPromptResult.of("A greeting",
                                    PromptMessage.user("Say hello to " + g.arguments().get("name")),
                                    PromptMessage.assistant("Hello!"));
                        }))
                .prompt(Prompt.of("plain", null), PromptHandler.of(g -> {
                    lastGet.set(g);
                    return GetPromptResult.of(null, PromptMessage.user("plain"));
                }))
                .prompt(Prompt.of("broken", null), PromptHandler.of(g -> {
                    throw new IllegalStateException("template missing");
                }))
                .prompt(Prompt.of("picky", null), PromptHandler.of(g -> {
                    throw new McpException(ErrorCode.INVALID_PARAMS, "tone must be polite");
                }))
                .build();
    }

    @Test
    void rendersAPromptWithItsArguments() throws Exception {
        JsonObject result = handle(server(), request(1, "prompts/get",
                "{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\",\"tone\":\"warm\"}}"));
        assertThat(result.getString("resultType")).isEqualTo("complete");
        assertThat(result.getString("description")).isEqualTo("A greeting");
        JsonArray messages = (JsonArray) result.get("messages");
        assertThat(messages.size()).isEqualTo(2);
        JsonObject first = (JsonObject) messages.get(0);
        assertThat(first.getString("role")).isEqualTo("user");
        assertThat(first.getObject("content").getString("text")).isEqualTo("Say hello to Ada");
        assertThat(lastGet.get().arguments()).containsOnly(Map.entry("name", "Ada"), Map.entry("tone", "warm"));
    }

    @Test
    void anOptionalArgumentMayBeLeftOut() throws Exception {
        handle(server(), request(1, "prompts/get", "{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}"));
        assertThat(lastGet.get().arguments()).containsOnlyKeys("name");
    }

    @Test
    void aPromptWithoutArgumentsNeedsNone() throws Exception {
        handle(server(), request(1, "prompts/get", "{\"name\":\"plain\"}"));
        assertThat(lastGet.get().arguments()).isEmpty();
        assertThat(lastGet.get().name()).isEqualTo("plain");
    }

    @Test
    void undeclaredArgumentsReachTheHandler() throws Exception {
        handle(server(), request(1, "prompts/get", "{\"name\":\"plain\",\"arguments\":{\"extra\":\"x\"}}"));
        assertThat(lastGet.get().arguments()).containsEntry("extra", "x");
    }

    @Test
    void refusesAMissingRequiredArgument() {
        McpException e = error(server(), request(1, "prompts/get", "{\"name\":\"greet\",\"arguments\":{\"tone\":\"x\"}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("greet").contains("\"name\"");
    }

    @Test
    void refusesAMissingRequiredArgumentWhenThereAreNoArguments() {
        McpException e = error(server(), request(1, "prompts/get", "{\"name\":\"greet\"}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void refusesANonStringArgument() {
        for (String value : List.of("42", "true", "null", "{}", "[\"a\"]")) {
            McpException e = error(server(), request(1, "prompts/get",
                    "{\"name\":\"greet\",\"arguments\":{\"name\":" + value + "}}"));
            assertThat(e.code()).as(value).isEqualTo(ErrorCode.INVALID_PARAMS);
            assertThat(e.getMessage()).as(value).contains("params.arguments.name");
        }
    }

    @Test
    void refusesArgumentsThatAreNotAnObject() {
        McpException e = error(server(), request(1, "prompts/get", "{\"name\":\"greet\",\"arguments\":[\"Ada\"]}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void refusesAnUnknownPrompt() {
        McpException e = error(server(), request(1, "prompts/get", "{\"name\":\"nope\"}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("nope").contains("prompts/list");
    }

    @Test
    void refusesAGetWithoutName() {
        assertThat(error(server(), request(1, "prompts/get", "{}")).code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void answersAFailingHandlerWithInternalError() {
        McpException e = error(server(), request(1, "prompts/get", "{\"name\":\"broken\"}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(e.getMessage()).contains("broken").contains("template missing");
    }

    @Test
    void passesAHandlersMcpExceptionThrough() {
        McpException e = error(server(), request(1, "prompts/get", "{\"name\":\"picky\"}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).isEqualTo("tone must be polite");
    }

    @Test
    void theHandlersArgumentsAreImmutable() throws Exception {
        handle(server(), request(1, "prompts/get", "{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lastGet.get().arguments().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void listsPromptsInRegistrationOrderWithArgumentsAndCachingHints() throws Exception {
        JsonObject result = handle(server(), request(1, "prompts/list", "{}"));
        JsonArray prompts = (JsonArray) result.get("prompts");
        assertThat(prompts.values().stream().map(p -> ((JsonObject) p).getString("name")).toList())
                .containsExactly("greet", "plain", "broken", "picky");
        JsonObject greet = (JsonObject) prompts.get(0);
        JsonObject nameArg = (JsonObject) ((JsonArray) greet.get("arguments")).get(0);
        assertThat(nameArg.getString("name")).isEqualTo("name");
        assertThat(nameArg.get("required")).isEqualTo(Json.of(true));
        assertThat(result.get("ttlMs")).isEqualTo(JsonNumber.of(60_000));
        assertThat(result.getString("cacheScope")).isEqualTo("public");
    }

    @Test
    void aRemovedPromptCannotBeGot() throws Exception {
        McpServer server = server();
        assertThat(server.removePrompt("plain")).isTrue();
        assertThat(server.removePrompt("plain")).isFalse();
        assertThat(error(server, request(1, "prompts/get", "{\"name\":\"plain\"}")).code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }
}
