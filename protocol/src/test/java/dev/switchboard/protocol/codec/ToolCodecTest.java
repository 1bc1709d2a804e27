package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.content.ImageContent;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Icon;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsRequest;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.protocol.tools.ToolAnnotations;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolCodecTest {
    private static final JsonObject OBJECT_SCHEMA = JsonObject.of("type", Json.of("object"));

    @Test
    void decodesAbsentArgumentsAsNull() {
        CallToolRequest r = Codec.decode(Wire.parse("{\"name\":\"get_time\"}"), CallToolRequest.class, "params");
        assertThat(r.arguments()).isNull();
        assertThat(r.argumentsOrEmpty()).isSameAs(JsonObject.EMPTY);
        assertThat(Codec.encode(r)).isEqualTo(Wire.parse("{\"name\":\"get_time\"}"));
    }

    @Test
    void keepsEmptyArgumentsDistinctFromAbsentOnes() {
        CallToolRequest r = Codec.decode(Wire.parse("{\"name\":\"t\",\"arguments\":{}}"), CallToolRequest.class);
        assertThat(r.arguments()).isEqualTo(JsonObject.EMPTY);
        assertThat(Codec.encode(r).has("arguments")).isTrue();
    }

    @Test
    void refusesArgumentsThatAreNotAnObject() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"name\":\"t\",\"arguments\":[1]}"),
                CallToolRequest.class, "params"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("params.arguments: expected object, got array");
    }

    @Test
    void keepsArgumentsVerbatimIncludingNumbersAndNesting() {
        Json args = Wire.parse("{\"n\":1.50,\"big\":12345678901234567890,\"deep\":{\"a\":[null,true]}}");
        CallToolRequest r = Codec.decode(JsonObject.of("name", Json.of("t"), "arguments", args),
                CallToolRequest.class);
        assertThat(r.arguments()).isEqualTo(args);
    }

    @Test
    void keepsInputResponsesRawAndInOrder() {
        CallToolRequest r = Codec.decode(Wire.parse("{\"name\":\"t\",\"inputResponses\":{\"z\":{\"action\":\"accept\"},"
                + "\"a\":{\"roots\":[]},\"m\":\"anything\"},\"requestState\":\"opaque\"}"), CallToolRequest.class);
        assertThat(r.inputResponses().keySet()).containsExactly("z", "a", "m");
        assertThat(r.inputResponses().get("m")).isEqualTo(Json.of("anything"));
        assertThat(r.requestState()).isEqualTo("opaque");
        assertThat(Codec.encode(r).getObject("inputResponses").members().keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void refusesInputResponsesThatAreNotAnObject() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"name\":\"t\",\"inputResponses\":[]}"),
                CallToolRequest.class, "params"))
                .hasMessage("params.inputResponses: expected object, got array");
    }

    @Test
    void writesACallWithItsFactory() {
        assertThat(Codec.encode(CallToolRequest.of("get_weather", JsonObject.of("location", Json.of("NYC")))))
                .isEqualTo(Wire.parse("{\"name\":\"get_weather\",\"arguments\":{\"location\":\"NYC\"}}"));
    }

    @Test
    void writesAToolErrorForTheModel() {
        assertThat(Codec.encode(CallToolResult.error("City not found")))
                .isEqualTo(Wire.parse("{\"resultType\":\"complete\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"City not found\"}],\"isError\":true}"));
    }

    @Test
    void writesStructuredContentAlongsideItsText() {
        JsonObject data = JsonObject.of("temperature", Json.of(22));
        assertThat(Codec.encode(CallToolResult.structured(data, TextContent.of("22C"))))
                .isEqualTo(Wire.parse("{\"resultType\":\"complete\",\"content\":[{\"type\":\"text\",\"text\":\"22C\"}],"
                        + "\"structuredContent\":{\"temperature\":22}}"));
    }

    @Test
    void writesAnEmptyContentListForAnEmptyResult() {
        assertThat(Codec.encode(CallToolResult.of())).isEqualTo(
                Wire.parse("{\"resultType\":\"complete\",\"content\":[]}"));
    }

    @Test
    void keepsStructuredContentOfAnyKind() {
        for (String sc : new String[] {"[1,2]", "\"text\"", "3", "false", "{\"a\":{}}"}) {
            Json in = Wire.parse("{\"resultType\":\"complete\",\"content\":[],\"structuredContent\":" + sc + "}");
            assertThat(Codec.encode(Codec.decode(in, CallToolResult.class))).isEqualTo(in);
        }
    }

    @Test
    void mixesContentKindsInOneResult() {
        CallToolResult r = CallToolResult.of(TextContent.of("see image"), ImageContent.of("AA==", "image/png"));
        assertThat(Codec.decode(Codec.encode(r), CallToolResult.class)).isEqualTo(r);
    }

    @Test
    void keepsEveryJsonSchemaKeywordOfAnInputSchema() {
        // java-sdk#145: a narrow schema record silently lost oneOf and $defs.
        JsonObject schema = (JsonObject) Wire.parse("{\"type\":\"object\",\"$schema\":\"https://json-schema.org/"
                + "draft/2020-12/schema\",\"$defs\":{\"id\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"}},"
                + "\"oneOf\":[{\"properties\":{\"id\":{\"$ref\":\"#/$defs/id\"}},\"required\":[\"id\"]}],"
                + "\"if\":{\"required\":[\"x\"]},\"then\":{\"not\":{\"required\":[\"y\"]}},"
                + "\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"}},"
                + "\"additionalProperties\":false}");
        Tool t = Tool.of("find", "Find", schema);
        Tool back = Codec.decode(Codec.encode(t), Tool.class);
        assertThat(back.inputSchema()).isEqualTo(schema);
        assertThat(back).isEqualTo(t);
    }

    @Test
    void buildsAToolWithTheBuilder() {
        Tool t = Tool.builder("t", OBJECT_SCHEMA).title("T").description("d").outputSchema(OBJECT_SCHEMA)
                .annotations(new ToolAnnotations("Nice", true, false, true, false)).icons(List.of(Icon.of("s")))
                .execution(JsonObject.of("taskSupport", Json.of("optional"))).meta(JsonObject.of("k", Json.of(1)))
                .build();
        assertThat(Codec.encode(t)).isEqualTo(Wire.parse("{\"name\":\"t\",\"title\":\"T\",\"description\":\"d\","
                + "\"inputSchema\":{\"type\":\"object\"},\"outputSchema\":{\"type\":\"object\"},"
                + "\"annotations\":{\"title\":\"Nice\",\"readOnlyHint\":true,\"destructiveHint\":false,"
                + "\"idempotentHint\":true,\"openWorldHint\":false},\"icons\":[{\"src\":\"s\"}],"
                + "\"execution\":{\"taskSupport\":\"optional\"},\"_meta\":{\"k\":1}}"));
    }

    @Test
    void writesOnlyTheSetAnnotationHints() {
        assertThat(Codec.encode(ToolAnnotations.readOnly())).isEqualTo(Wire.parse("{\"readOnlyHint\":true}"));
    }

    @Test
    void requiresAnObjectInputSchema() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"name\":\"t\",\"inputSchema\":true}"), Tool.class,
                "tools[3]"))
                .hasMessage("tools[3].inputSchema: expected object, got boolean");
    }

    @Test
    void namesThePathOfABadToolInAList() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"resultType\":\"complete\",\"tools\":[{\"name\":\"a\","
                        + "\"inputSchema\":{\"type\":\"object\"}},{\"inputSchema\":{}}],\"ttlMs\":0,\"cacheScope\":\"public\"}"),
                dev.switchboard.protocol.tools.ListToolsResult.class, "result"))
                .hasMessage("result.tools[1].name: required string is missing");
    }

    @Test
    void writesTheListRequestCursorOnlyWhenSet() {
        assertThat(Codec.encode(ListToolsRequest.firstPage())).isEqualTo(JsonObject.EMPTY);
        assertThat(Codec.encode(new ListToolsRequest("c2", null))).isEqualTo(Wire.parse("{\"cursor\":\"c2\"}"));
    }

    @Test
    void refusesAResultWhoseContentIsNotAList() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"resultType\":\"complete\",\"content\":{}}"),
                CallToolResult.class, "result"))
                .hasMessage("result.content: expected array, got object");
    }

    @Test
    void keepsAToolsMetaVerbatim() {
        JsonObject meta = (JsonObject) Wire.parse("{\"io.example/ui\":{\"resourceUri\":\"ui://x\"},\"n\":[1]}");
        Tool t = Tool.builder("t", OBJECT_SCHEMA).meta(meta).build();
        assertThat(Codec.decode(Codec.encode(t), Tool.class).meta()).isEqualTo(meta);
    }

    @Test
    void writesEmptyIconsAsAnEmptyArray() {
        Tool t = Tool.builder("t", OBJECT_SCHEMA).icons(List.of()).build();
        assertThat(Codec.encode(t).get("icons")).isEqualTo(JsonArray.EMPTY);
    }
}
