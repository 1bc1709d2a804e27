package dev.switchboard.server;

import dev.switchboard.protocol.content.ResourceContents;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.request;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code resources/read}, {@code resources/list} and {@code resources/templates/list}. */
class ResourcesTest {
    private final AtomicReference<ResourceRead> lastRead = new AtomicReference<>();

    private ResourceHandler echoing(String label) {
        return ResourceHandler.of(r -> {
            lastRead.set(r);
            return List.of(TextResourceContents.of(r.uri(), "text/plain", label + ":" + r.variables()));
        });
    }

    private McpServer server() {
        return McpServer.builder("t", "1")
                .resource(Resource.of("test://static/readme", "readme", "text/plain"), echoing("exact"))
                .resource(Resource.of("test://items/special", "special", "text/plain"), echoing("exact-special"))
                .resourceTemplate(ResourceTemplate.of("test://items/{id}", "item"), echoing("item"))
                .resourceTemplate(ResourceTemplate.of("test://files/{+path}", "file"), echoing("file"))
                .resourceTemplate(ResourceTemplate.of("test://users/{user}/repos/{repo}", "repo"), echoing("repo"))
                .resource(Resource.of("test://missing", "missing", null), ResourceHandler.of(r -> {
                    throw new ResourceNotFoundException(r.uri());
                }))
                .resource(Resource.of("test://empty", "empty", null), ResourceHandler.of(r -> List.of()))
                .resource(Resource.of("test://broken", "broken", null), ResourceHandler.of(r -> {
                    throw new IllegalStateException("backend down");
                }))
                .build();
    }

    private static Request read(String uri) {
        return Rpc.withParam(request(1, "resources/read", "{}"), "uri", Json.of(uri));
    }

    private static JsonObject firstContent(JsonObject result) {
        return (JsonObject) ((JsonArray) result.get("contents")).get(0);
    }

    @Test
    void readsAResourceByExactUri() throws Exception {
        JsonObject result = handle(server(), read("test://static/readme"));
        assertThat(result.getString("resultType")).isEqualTo("complete");
        JsonObject c = firstContent(result);
        assertThat(c.getString("uri")).isEqualTo("test://static/readme");
        assertThat(c.getString("mimeType")).isEqualTo("text/plain");
        assertThat(c.getString("text")).isEqualTo("exact:{}");
        assertThat(lastRead.get().variables()).isEmpty();
    }

    @Test
    void carriesCachingHints() throws Exception {
        JsonObject result = handle(server(), read("test://static/readme"));
        assertThat(result.get("ttlMs")).isEqualTo(JsonNumber.of(60_000));
        assertThat(result.getString("cacheScope")).isEqualTo("public");
    }

    @Test
    void readsThroughATemplateWithItsVariables() throws Exception {
        handle(server(), read("test://items/42"));
        assertThat(lastRead.get().uri()).isEqualTo("test://items/42");
        assertThat(lastRead.get().variables()).containsExactly(Map.entry("id", "42"));
    }

    @Test
    void decodesPercentEscapedVariables() throws Exception {
        handle(server(), read("test://items/caf%C3%A9%20au%20lait"));
        assertThat(lastRead.get().variables()).containsEntry("id", "café au lait");
        assertThat(lastRead.get().uri()).isEqualTo("test://items/caf%C3%A9%20au%20lait");
    }

    @Test
    void keepsAPlusSignInAVariable() throws Exception {
        handle(server(), read("test://items/a+b"));
        assertThat(lastRead.get().variables()).containsEntry("id", "a+b");
    }

    @Test
    void matchesSeveralVariables() throws Exception {
        handle(server(), read("test://users/ada/repos/engine"));
        assertThat(lastRead.get().variables()).containsExactly(Map.entry("user", "ada"), Map.entry("repo", "engine"));
    }

    @Test
    void aReservedVariableSpansSlashes() throws Exception {
        handle(server(), read("test://files/src/main/App.java"));
        assertThat(lastRead.get().variables()).containsEntry("path", "src/main/App.java");
    }

    @Test
    void aSimpleVariableDoesNotSpanSlashes() {
        McpException e = error(server(), read("test://items/1/2"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void anExactResourceWinsOverAMatchingTemplate() throws Exception {
        JsonObject result = handle(server(), read("test://items/special"));
        assertThat(firstContent(result).getString("text")).isEqualTo("exact-special:{}");
    }

    @Test
    void answersAnUnknownUriWithInvalidParamsAndTheUri() {
        McpException e = error(server(), read("test://nowhere"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS).isNotEqualTo(ErrorCode.RESOURCE_NOT_FOUND);
        assertThat(e.getMessage()).contains("test://nowhere");
        assertThat(e.data()).isEqualTo(JsonObject.of("uri", Json.of("test://nowhere")));
    }

    @Test
    void answersAHandlersNotFoundWithInvalidParamsAndTheUri() {
        McpException e = error(server(), read("test://missing"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.data()).isEqualTo(JsonObject.of("uri", Json.of("test://missing")));
    }

    @Test
    void treatsEmptyContentsAsNotFound() {
        McpException e = error(server(), read("test://empty"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.data()).isEqualTo(JsonObject.of("uri", Json.of("test://empty")));
    }

    @Test
    void answersAFailingHandlerWithInternalError() {
        McpException e = error(server(), read("test://broken"));
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(e.getMessage()).contains("test://broken").contains("backend down");
    }

    @Test
    void passesAHandlersMcpExceptionThrough() {
        McpServer server = McpServer.builder("t", "1").resource(Resource.of("test://denied", "d", null),
                ResourceHandler.of(r -> {
                    throw new McpException(-1, "denied");
                })).build();
        McpException e = error(server, read("test://denied"));
        assertThat(e.code()).isEqualTo(-1);
    }

    @Test
    void readingAUriWithABrokenPercentEscapeIsNotFound() {
        // a URI is client input: a bad escape must not surface as an internal error
        McpException e = error(server(), read("test://items/100%zz"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.data()).isEqualTo(JsonObject.of("uri", Json.of("test://items/100%zz")));
        McpException trailing = error(server(), read("test://items/100%"));
        assertThat(trailing.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void refusesAReadWithoutUri() {
        McpException e = error(server(), request(1, "resources/read", "{}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("uri");
    }

    @Test
    void returnsSeveralContentsInOrder() throws Exception {
        McpServer server = McpServer.builder("t", "1").resource(Resource.of("test://multi", "m", null),
                ResourceHandler.of(r -> List.<ResourceContents>of(
                        TextResourceContents.of("test://multi#1", null, "one"),
                        TextResourceContents.of("test://multi#2", null, "two")))).build();
        JsonArray contents = (JsonArray) handle(server, read("test://multi")).get("contents");
        assertThat(contents.size()).isEqualTo(2);
        assertThat(((JsonObject) contents.get(1)).getString("text")).isEqualTo("two");
    }

    @Test
    void listsResourcesInRegistrationOrderWithCachingHints() throws Exception {
        JsonObject result = handle(server(), request(1, "resources/list", "{}"));
        List<String> uris = ((JsonArray) result.get("resources")).values().stream()
                .map(j -> ((JsonObject) j).getString("uri")).toList();
        assertThat(uris).containsExactly("test://static/readme", "test://items/special", "test://missing",
                "test://empty", "test://broken");
        assertThat(result.get("ttlMs")).isEqualTo(JsonNumber.of(60_000));
        assertThat(result.getString("cacheScope")).isEqualTo("public");
    }

    @Test
    void listsTemplatesInRegistrationOrderWithCachingHints() throws Exception {
        JsonObject result = handle(server(), request(1, "resources/templates/list", "{}"));
        List<String> templates = ((JsonArray) result.get("resourceTemplates")).values().stream()
                .map(j -> ((JsonObject) j).getString("uriTemplate")).toList();
        assertThat(templates).containsExactly("test://items/{id}", "test://files/{+path}", "test://users/{user}/repos/{repo}");
        assertThat(result.get("ttlMs")).isEqualTo(JsonNumber.of(60_000));
    }

    @Test
    void aResourceAddedAtRuntimeCanBeRead() throws Exception {
        McpServer server = server();
        server.addResource(Resource.of("test://late", "late", null), echoing("late"));
        assertThat(firstContent(handle(server, read("test://late"))).getString("text")).isEqualTo("late:{}");
    }

    @Test
    void aHandlerSeesTheRequestContext() throws Exception {
        handle(server(), read("test://static/readme"), "alice");
        assertThat(lastRead.get().context().principal().subject()).isEqualTo("alice");
        assertThat(lastRead.get().context().method()).isEqualTo("resources/read");
        assertThat(lastRead.get().responses().isEmpty()).isTrue();
        assertThat(lastRead.get().state()).isNull();
    }

    @Test
    void resourceNotFoundExceptionKeepsTheUri() {
        ResourceNotFoundException e = new ResourceNotFoundException("test://x");
        assertThat(e.uri()).isEqualTo("test://x");
        assertThat(e.getMessage()).contains("test://x");
    }
}
