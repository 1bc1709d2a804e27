package dev.switchboard.server;

import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.content.TextResourceContents;
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
import dev.switchboard.protocol.resources.ResourceTemplate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.request;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code completion/complete}: routing to the registered handler and the 100-value limit. */
class CompletionTest {
    record Seen(String argument, String value, Map<String, String> context, String principal) {
    }

    private final AtomicReference<Seen> seen = new AtomicReference<>();
    private final List<String> languages = List.of("java", "javascript", "julia", "python");

    private McpServer server(int manyCount) {
        List<String> many = IntStream.range(0, manyCount).mapToObj(i -> "v" + i).toList();
        return McpServer.builder("t", "1")
                .prompt(Prompt.of("code", null, PromptArgument.required("language", null), PromptArgument.optional("style", null)),
                        PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("x"))))
                .resourceTemplate(ResourceTemplate.of("test://repos/{owner}/{repo}", "repo"),
                        ResourceHandler.of(r -> List.of(TextResourceContents.of(r.uri(), null, "x"))))
                .promptCompletion("code", "language", (ctx, argument, value, args) -> {
                    seen.set(new Seen(argument, value, args, ctx.principal().subject()));
                    List<String> hits = new ArrayList<>();
                    for (String l : languages) {
                        if (l.startsWith(value)) {
                            hits.add(l);
                        }
                    }
                    return new CompleteResult.Completion(hits, hits.size(), false);
                })
                .promptCompletion("code", "style", (ctx, argument, value, args) ->
                        new CompleteResult.Completion(many, null, null))
                .resourceCompletion("test://repos/{owner}/{repo}", "repo", (ctx, argument, value, args) -> {
                    seen.set(new Seen(argument, value, args, ctx.principal().subject()));
                    return new CompleteResult.Completion(List.of(args.getOrDefault("owner", "?") + "/" + value + "-core"), null, null);
                })
                .resourceCompletion("test://repos/{owner}/{repo}", "owner", (ctx, argument, value, args) ->
                        new CompleteResult.Completion(many, 1000, null))
                .build();
    }

    private static JsonObject completion(JsonObject result) {
        return result.getObject("completion");
    }

    private static List<String> values(JsonObject result) {
        return ((JsonArray) completion(result).get("values")).values().stream().map(Json::asString).toList();
    }

    @Test
    void routesAPromptArgumentToItsHandler() throws Exception {
        JsonObject result = handle(server(0), request(1, "completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"code\"},\"argument\":{\"name\":\"language\",\"value\":\"ja\"}}"), "alice");
        assertThat(result.getString("resultType")).isEqualTo("complete");
        assertThat(values(result)).containsExactly("java", "javascript");
        assertThat(completion(result).get("total")).isEqualTo(JsonNumber.of(2));
        assertThat(seen.get()).isEqualTo(new Seen("language", "ja", Map.of(), "alice"));
    }

    @Test
    void routesAResourceTemplateArgumentWithContextArguments() throws Exception {
        JsonObject result = handle(server(0), request(1, "completion/complete",
                "{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"test://repos/{owner}/{repo}\"},"
                        + "\"argument\":{\"name\":\"repo\",\"value\":\"sw\"},\"context\":{\"arguments\":{\"owner\":\"acme\"}}}"));
        assertThat(values(result)).containsExactly("acme/sw-core");
        assertThat(seen.get().context()).containsExactly(Map.entry("owner", "acme"));
    }

    @Test
    void answersAnArgumentWithoutHandlerWithNoValues() throws Exception {
        McpServer server = server(0);
        JsonObject result = handle(server, request(1, "completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"code\"},\"argument\":{\"name\":\"unknown\",\"value\":\"x\"}}"));
        assertThat(values(result)).isEmpty();
        assertThat(completion(result).get("total")).isEqualTo(JsonNumber.of(0));
        assertThat(completion(result).get("hasMore")).isEqualTo(Json.of(false));
    }

    @Test
    void truncatesToOneHundredValuesAndSaysThereAreMore() throws Exception {
        JsonObject result = handle(server(250), request(1, "completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"code\"},\"argument\":{\"name\":\"style\",\"value\":\"\"}}"));
        assertThat(values(result)).hasSize(100).startsWith("v0", "v1").endsWith("v99");
        assertThat(completion(result).get("hasMore")).isEqualTo(Json.of(true));
        assertThat(completion(result).get("total")).isEqualTo(JsonNumber.of(250));
    }

    @Test
    void keepsTheHandlersTotalWhenTruncating() throws Exception {
        JsonObject result = handle(server(150), request(1, "completion/complete",
                "{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"test://repos/{owner}/{repo}\"},"
                        + "\"argument\":{\"name\":\"owner\",\"value\":\"\"}}"));
        assertThat(values(result)).hasSize(100);
        assertThat(completion(result).get("total")).isEqualTo(JsonNumber.of(1000));
        assertThat(completion(result).get("hasMore")).isEqualTo(Json.of(true));
    }

    @Test
    void leavesExactlyOneHundredValuesAlone() throws Exception {
        JsonObject result = handle(server(100), request(1, "completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"code\"},\"argument\":{\"name\":\"style\",\"value\":\"\"}}"));
        assertThat(values(result)).hasSize(100);
        assertThat(completion(result).has("hasMore")).isFalse();
    }

    @Test
    void refusesAnUnknownPrompt() {
        McpException e = error(server(0), request(1, "completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"nope\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("nope");
    }

    @Test
    void refusesAnUnknownResourceTemplate() {
        McpException e = error(server(0), request(1, "completion/complete",
                "{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"test://other/{x}\"},\"argument\":{\"name\":\"x\",\"value\":\"\"}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("test://other/{x}");
    }

    @Test
    void refusesAnUnknownReferenceType() {
        McpException e = error(server(0), request(1, "completion/complete",
                "{\"ref\":{\"type\":\"ref/tool\",\"name\":\"x\"},\"argument\":{\"name\":\"x\",\"value\":\"\"}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("ref/prompt");
    }

    @Test
    void refusesARequestWithoutArgument() {
        McpException e = error(server(0), request(1, "completion/complete", "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"code\"}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("argument");
    }

    @Test
    void isNotServedWithoutCompletionHandlers() {
        McpServer server = McpServer.builder("t", "1")
                .prompt(Prompt.of("code", null), PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("x"))))
                .build();
        McpException e = error(server, request(1, "completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"code\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
    }
}
