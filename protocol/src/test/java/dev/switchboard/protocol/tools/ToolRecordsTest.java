package dev.switchboard.protocol.tools;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.content.ImageContent;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Icon;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolRecordsTest {
    private static final JsonObject SCHEMA = JsonObject.of("type", Json.of("object"));

    @Test
    void buildsAToolFromNameDescriptionAndSchema() {
        Tool t = Tool.of("echo", "Echoes its input", SCHEMA);
        assertThat(t.name()).isEqualTo("echo");
        assertThat(t.description()).isEqualTo("Echoes its input");
        assertThat(t.inputSchema()).isSameAs(SCHEMA);
        assertThat(t.title()).isNull();
        assertThat(t.outputSchema()).isNull();
        assertThat(t.annotations()).isNull();
    }

    @Test
    void buildsAToolWithTheBuilderLeavingUnsetMembersNull() {
        Tool t = Tool.builder("t", SCHEMA).title("T").build();
        assertThat(t).isEqualTo(new Tool("t", "T", null, SCHEMA, null, null, null, null, null));
    }

    @Test
    void setsEveryBuilderMember() {
        ToolAnnotations ann = new ToolAnnotations("A", true, false, true, false);
        Tool t = Tool.builder("t", SCHEMA).title("T").description("d").outputSchema(SCHEMA).annotations(ann)
                .icons(List.of(Icon.of("i"))).execution(JsonObject.EMPTY).meta(JsonObject.EMPTY).build();
        assertThat(t.annotations()).isSameAs(ann);
        assertThat(t.icons()).containsExactly(Icon.of("i"));
        assertThat(t.execution()).isSameAs(JsonObject.EMPTY);
        assertThat(t.meta()).isSameAs(JsonObject.EMPTY);
        assertThat(t.outputSchema()).isSameAs(SCHEMA);
    }

    @Test
    void requiresNameAndInputSchema() {
        assertThatThrownBy(() -> Tool.of(null, "d", SCHEMA)).isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> Tool.builder("t", null).build()).hasMessage("inputSchema");
    }

    @Test
    void marksReadOnlyTools() {
        ToolAnnotations a = ToolAnnotations.readOnly();
        assertThat(a.readOnlyHint()).isTrue();
        assertThat(a.destructiveHint()).isNull();
        assertThat(a.openWorldHint()).isNull();
    }

    @Test
    void buildsCallResults() {
        CallToolResult ok = CallToolResult.of(TextContent.of("a"), ImageContent.of("AA", "image/png"));
        assertThat(ok.content()).hasSize(2);
        assertThat(ok.isError()).isNull();
        CallToolResult err = CallToolResult.error("bad input");
        assertThat(err.isError()).isTrue();
        assertThat(err.content()).containsExactly(TextContent.of("bad input"));
        CallToolResult structured = CallToolResult.structured(JsonObject.of("x", Json.of(1)), TextContent.of("x=1"));
        assertThat(structured.structuredContent()).isEqualTo(JsonObject.of("x", Json.of(1)));
    }

    @Test
    void requiresCallResultContent() {
        assertThatThrownBy(() -> new CallToolResult(null, null, null, null)).hasMessage("content");
    }

    @Test
    void buildsACallWithArguments() {
        CallToolRequest c = CallToolRequest.of("t", JsonObject.of("a", Json.of(1)));
        assertThat(c.inputResponses()).isNull();
        assertThat(c.requestState()).isNull();
        assertThat(c.argumentsOrEmpty()).isEqualTo(JsonObject.of("a", Json.of(1)));
    }

    @Test
    void copiesInputResponses() {
        Map<String, Json> responses = new HashMap<>();
        responses.put("k", Json.of(1));
        CallToolRequest c = new CallToolRequest("t", null, responses, "s", null);
        responses.put("j", Json.of(2));
        assertThat(c.inputResponses()).containsOnlyKeys("k");
    }

    @Test
    void buildsAToolListPage() {
        List<Tool> tools = new ArrayList<>(List.of(Tool.of("a", null, SCHEMA)));
        ListToolsResult r = ListToolsResult.of(tools, 1000, CacheScope.PRIVATE);
        tools.add(Tool.of("b", null, SCHEMA));
        assertThat(r.tools()).hasSize(1);
        assertThat(r.nextCursor()).isNull();
        assertThat(r.ttlMs()).isEqualTo(1000);
        assertThat(r.cacheScope()).isEqualTo(CacheScope.PRIVATE);
        assertThatThrownBy(() -> ListToolsResult.of(List.of(), 0, null)).hasMessage("cacheScope");
        assertThat(ListToolsRequest.firstPage()).isEqualTo(new ListToolsRequest(null, null));
    }
}
