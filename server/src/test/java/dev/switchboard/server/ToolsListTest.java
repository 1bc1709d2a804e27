package dev.switchboard.server;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.state.seal.KeyRing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.request;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code tools/list}: deterministic order, caching hints, and pagination behind sealed cursors. */
class ToolsListTest {
    private static final List<String> NAMES = List.of("echo", "alpha", "zulu", "mike", "bravo");
    private final KeyRing ring = KeyRing.generate();

    private McpServer paged(int pageSize) {
        McpServer.Builder b = McpServer.builder("t", "1").keyRing(ring).pageSize(pageSize);
        for (String n : NAMES) {
            b.tool(Rpc.textTool(n), Rpc.echo());
        }
        b.prompt(Prompt.of("p1", null), PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("x"))));
        b.prompt(Prompt.of("p2", null), PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("x"))));
        b.prompt(Prompt.of("p3", null), PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("x"))));
        return b.build();
    }

    private static List<String> names(JsonObject page) {
        List<String> out = new ArrayList<>();
        for (Json t : ((JsonArray) page.get("tools")).values()) {
            out.add(((JsonObject) t).getString("name"));
        }
        return out;
    }

    private static Request page(Object id, String cursor) {
        Request r = request(id, "tools/list", "{}");
        return cursor == null ? r : Rpc.withParam(r, "cursor", Json.of(cursor));
    }

    @Test
    void listsToolsInRegistrationOrder() throws Exception {
        JsonObject result = handle(paged(100), page(1, null));
        assertThat(names(result)).containsExactlyElementsOf(NAMES);
        assertThat(result.has("nextCursor")).isFalse();
    }

    @Test
    void listsTheSameOrderEveryTime() throws Exception {
        McpServer server = paged(100);
        JsonObject first = handle(server, page(1, null));
        for (int i = 0; i < 5; i++) {
            assertThat(handle(server, page(2 + i, null)).get("tools")).isEqualTo(first.get("tools"));
        }
    }

    @Test
    void replacingAToolKeepsItsPlace() throws Exception {
        McpServer server = paged(100);
        server.addTool(Tool.of("zulu", "replaced", Rpc.objectSchema("{}")), Rpc.echo());
        JsonObject result = handle(server, page(1, null));
        assertThat(names(result)).containsExactlyElementsOf(NAMES);
        JsonObject zulu = (JsonObject) ((JsonArray) result.get("tools")).get(2);
        assertThat(zulu.getString("description")).isEqualTo("replaced");
    }

    @Test
    void addedToolsGoLastAndRemovedOnesDisappear() throws Exception {
        McpServer server = paged(100);
        server.addTool(Rpc.textTool("new"), Rpc.echo());
        assertThat(server.removeTool("alpha")).isTrue();
        assertThat(server.removeTool("alpha")).isFalse();
        assertThat(names(handle(server, page(1, null)))).containsExactly("echo", "zulu", "mike", "bravo", "new");
    }

    @Test
    void listsTheToolDefinitionsAsRegistered() throws Exception {
        Tool tool = Tool.builder("described", Rpc.objectSchema("{\"q\":{\"type\":\"string\"}}", "q"))
                .title("Described").description("Has a description")
                .outputSchema(Rpc.json("{\"type\":\"object\"}")).build();
        McpServer server = McpServer.builder("t", "1").tool(tool, Rpc.echo()).build();
        JsonObject listed = (JsonObject) ((JsonArray) handle(server, page(1, null)).get("tools")).get(0);
        assertThat(listed.getString("title")).isEqualTo("Described");
        assertThat(listed.getString("description")).isEqualTo("Has a description");
        assertThat(listed.getObject("inputSchema")).isEqualTo(tool.inputSchema());
        assertThat(listed.getObject("outputSchema")).isEqualTo(tool.outputSchema());
    }

    @Test
    void carriesCachingHintsOnEveryPage() throws Exception {
        McpServer server = paged(2);
        JsonObject p1 = handle(server, page(1, null));
        JsonObject p2 = handle(server, page(2, p1.getString("nextCursor")));
        for (JsonObject p : List.of(p1, p2)) {
            assertThat(p.get("ttlMs")).isEqualTo(JsonNumber.of(60_000));
            assertThat(p.getString("cacheScope")).isEqualTo("public");
            assertThat(p.getString("resultType")).isEqualTo("complete");
        }
    }

    @Test
    void pagesThroughFiveToolsTwoAtATime() throws Exception {
        McpServer server = paged(2);
        JsonObject p1 = handle(server, page(1, null));
        assertThat(names(p1)).containsExactly("echo", "alpha");
        assertThat(p1.getString("nextCursor")).isNotBlank();

        JsonObject p2 = handle(server, page(2, p1.getString("nextCursor")));
        assertThat(names(p2)).containsExactly("zulu", "mike");
        assertThat(p2.getString("nextCursor")).isNotBlank().isNotEqualTo(p1.getString("nextCursor"));

        JsonObject p3 = handle(server, page(3, p2.getString("nextCursor")));
        assertThat(names(p3)).containsExactly("bravo");
        assertThat(p3.has("nextCursor")).isFalse();
    }

    @Test
    void aCursorCanBeUsedAgain() throws Exception {
        McpServer server = paged(2);
        String cursor = handle(server, page(1, null)).getString("nextCursor");
        assertThat(names(handle(server, page(2, cursor)))).containsExactly("zulu", "mike");
        assertThat(names(handle(server, page(3, cursor)))).containsExactly("zulu", "mike");
    }

    @Test
    void anExactlyFullLastPageHasNoNextCursor() throws Exception {
        McpServer server = McpServer.builder("t", "1").pageSize(2)
                .tool(Rpc.textTool("a"), Rpc.echo()).tool(Rpc.textTool("b"), Rpc.echo()).build();
        JsonObject p1 = handle(server, page(1, null));
        assertThat(names(p1)).containsExactly("a", "b");
        assertThat(p1.has("nextCursor")).isFalse();
    }

    @Test
    void aCursorPastTheEndAfterRemovalsGivesAnEmptyLastPage() throws Exception {
        McpServer server = paged(2);
        String second = handle(server, page(1, null)).getString("nextCursor");
        String third = handle(server, page(2, second)).getString("nextCursor");
        for (String n : List.of("echo", "alpha", "zulu")) {
            server.removeTool(n);
        }
        JsonObject last = handle(server, page(3, third));
        assertThat(names(last)).isEmpty();
        assertThat(last.has("nextCursor")).isFalse();
    }

    @Test
    void aCursorFromAnotherInstanceWithTheSameKeyRingWorks() throws Exception {
        String cursor = handle(paged(2), page(1, null)).getString("nextCursor");
        McpServer other = paged(2);
        assertThat(names(handle(other, page(2, cursor)))).containsExactly("zulu", "mike");
    }

    @Test
    void refusesACursorFromAnInstanceWithAnotherKeyRing() throws Exception {
        String cursor = handle(paged(2), page(1, null)).getString("nextCursor");
        McpServer stranger = McpServer.builder("t", "1").pageSize(2)
                .tool(Rpc.textTool("a"), Rpc.echo()).build();
        McpException e = error(stranger, page(2, cursor));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("cursor");
    }

    @Test
    void refusesATamperedCursor() throws Exception {
        McpServer server = paged(2);
        String cursor = handle(server, page(1, null)).getString("nextCursor");
        char[] chars = cursor.toCharArray();
        int mid = chars.length / 2;
        chars[mid] = chars[mid] == 'A' ? 'B' : 'A';
        McpException e = error(server, page(2, new String(chars)));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("Invalid cursor");
    }

    @Test
    void refusesAMadeUpCursor() {
        McpException e = error(paged(2), page(2, "2"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void refusesACursorThatIsNotAString() {
        Request r = Rpc.withParam(request(1, "tools/list", "{}"), "cursor", JsonNumber.of(2));
        McpException e = error(paged(2), r);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("cursor");
    }

    @Test
    void treatsANullCursorAsTheFirstPage() throws Exception {
        Request r = Rpc.withParam(request(1, "tools/list", "{}"), "cursor", dev.switchboard.protocol.json.JsonNull.INSTANCE);
        assertThat(names(handle(paged(2), r))).containsExactly("echo", "alpha");
    }

    @Test
    void refusesACursorOfAnotherList() throws Exception {
        McpServer server = paged(2);
        String toolsCursor = handle(server, page(1, null)).getString("nextCursor");
        Request prompts = Rpc.withParam(request(2, "prompts/list", "{}"), "cursor", Json.of(toolsCursor));
        McpException e = error(server, prompts);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("another list");
    }

    @Test
    void refusesACursorOfAnotherPrincipal() throws Exception {
        McpServer server = paged(2);
        String alices = handle(server, page(1, null), "alice").getString("nextCursor");
        assertThat(names(handle(server, page(2, alices), "alice"))).containsExactly("zulu", "mike");
        McpException e = error(server, page(2, alices), "bob");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void refusesRequestStateUsedAsACursor() throws Exception {
        McpServer server = McpServer.builder("t", "1").keyRing(ring)
                .tool(Rpc.textTool("again"), call -> Outcome.retryWith(JsonObject.of("n", Json.of(1))))
                .build();
        String state = handle(server, request(1, "tools/call", "{\"name\":\"again\"}")).getString("requestState");
        assertThat(error(server, page(2, state)).code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void pagesPromptsWithTheSamePageSize() throws Exception {
        McpServer server = paged(2);
        JsonObject p1 = handle(server, request(1, "prompts/list", "{}"));
        assertThat(((JsonArray) p1.get("prompts")).size()).isEqualTo(2);
        JsonObject p2 = handle(server, Rpc.withParam(request(2, "prompts/list", "{}"), "cursor",
                Json.of(p1.getString("nextCursor"))));
        assertThat(((JsonArray) p2.get("prompts")).size()).isEqualTo(1);
        assertThat(((JsonObject) ((JsonArray) p2.get("prompts")).get(0)).getString("name")).isEqualTo("p3");
    }

    @Test
    void refusesANonPositivePageSize() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> McpServer.builder("t", "1").pageSize(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
