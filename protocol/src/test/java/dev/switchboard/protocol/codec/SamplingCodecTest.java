package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.ImageContent;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.ToolResultContent;
import dev.switchboard.protocol.content.ToolUseContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.sampling.CreateMessageRequest;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.sampling.ModelHint;
import dev.switchboard.protocol.sampling.ModelPreferences;
import dev.switchboard.protocol.sampling.SamplingMessage;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplingCodecTest {

    @Test
    void remembersASingleContentBlock() {
        Json in = Wire.parse("{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"hi\"}}");
        SamplingMessage m = Codec.decode(in, SamplingMessage.class);
        assertThat(m.contentArray()).isFalse();
        assertThat(m.content()).containsExactly(TextContent.of("hi"));
        assertThat(Codec.encode(m)).isEqualTo(in);
    }

    @Test
    void remembersAnArrayOfOneBlock() {
        Json in = Wire.parse("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}");
        SamplingMessage m = Codec.decode(in, SamplingMessage.class);
        assertThat(m.contentArray()).isTrue();
        assertThat(Codec.encode(m)).isEqualTo(in);
        assertThat(Codec.encode(m).get("content")).isInstanceOf(JsonArray.class);
    }

    @Test
    void keepsAnEmptyContentArray() {
        Json in = Wire.parse("{\"role\":\"assistant\",\"content\":[]}");
        SamplingMessage m = Codec.decode(in, SamplingMessage.class);
        assertThat(m.content()).isEmpty();
        assertThat(Codec.encode(m)).isEqualTo(in);
    }

    @Test
    void refusesContentThatIsNeitherObjectNorArray() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"role\":\"user\",\"content\":\"hi\"}"),
                SamplingMessage.class, "params.messages[0]"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("params.messages[0].content: expected object or array, got string");
    }

    @Test
    void requiresContent() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"role\":\"user\",\"content\":null}"),
                SamplingMessage.class, "m"))
                .hasMessage("m.content: required member is missing");
    }

    @Test
    void namesThePathOfABadBlockInAnArray() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"a\"},{\"type\":\"tool_result\"}]}"), SamplingMessage.class, "m"))
                .hasMessage("m.content[1].toolUseId: required string is missing");
    }

    @Test
    void refusesASingleBlockMessageWithSeveralBlocks() {
        List<Content> two = List.of(TextContent.of("a"), TextContent.of("b"));
        assertThatThrownBy(() -> new SamplingMessage(Role.USER, two, false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one block");
        assertThatThrownBy(() -> new CreateMessageResult(Role.ASSISTANT, List.of(), false, "m", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesAMultiBlockMessageAsAnArray() {
        SamplingMessage m = SamplingMessage.of(Role.ASSISTANT, List.of(
                ToolUseContent.of("c1", "w", JsonObject.of("city", Json.of("Paris"))),
                ToolUseContent.of("c2", "w", JsonObject.of("city", Json.of("London")))));
        JsonObject o = Codec.encode(m);
        assertThat(o.get("content")).isInstanceOf(JsonArray.class);
        assertThat(((JsonArray) o.get("content")).size()).isEqualTo(2);
    }

    @Test
    void readsAToolUseResponse() {
        CreateMessageResult r = Codec.decode(Wire.parse("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
                + "\"id\":\"c\",\"name\":\"w\",\"input\":{}}],\"model\":\"m\",\"stopReason\":\"toolUse\"}"),
                CreateMessageResult.class);
        assertThat(r.contentArray()).isTrue();
        assertThat(r.content().get(0)).isInstanceOf(ToolUseContent.class);
        assertThat(r.stopReason()).isEqualTo("toolUse");
    }

    @Test
    void writesASingleBlockResultAsAnObject() {
        assertThat(Codec.encode(CreateMessageResult.of(TextContent.of("Paris"), "claude", "endTurn")))
                .isEqualTo(Wire.parse("{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"Paris\"},"
                        + "\"model\":\"claude\",\"stopReason\":\"endTurn\"}"));
    }

    @Test
    void requiresTheModelOfAResult() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"role\":\"assistant\",\"content\":{\"type\":\"text\","
                + "\"text\":\"x\"}}"), CreateMessageResult.class, "params.inputResponses.k"))
                .hasMessage("params.inputResponses.k.model: required string is missing");
    }

    @Test
    void writesARequestWithItsFactory() {
        assertThat(Codec.encode(CreateMessageRequest.of(100, SamplingMessage.user("Capital of France?"))))
                .isEqualTo(Wire.parse("{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\","
                        + "\"text\":\"Capital of France?\"}}],\"maxTokens\":100}"));
    }

    @Test
    void requiresAnIntegerTokenLimit() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"messages\":[],\"maxTokens\":10.5}"),
                CreateMessageRequest.class, "params"))
                .hasMessageStartingWith("params.maxTokens: expected integer");
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"messages\":[]}"), CreateMessageRequest.class, "params"))
                .hasMessage("params.maxTokens: required integer is missing");
    }

    @Test
    void readsToolsAndToolResultsInAFollowUp() {
        CreateMessageRequest r = Codec.decode(Wire.parse("{\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"tool_result\",\"toolUseId\":\"c\",\"content\":[{\"type\":\"text\",\"text\":\"18C\"}]}]}],"
                + "\"tools\":[{\"name\":\"w\",\"inputSchema\":{\"type\":\"object\"}}],\"toolChoice\":{\"mode\":\"auto\"},"
                + "\"maxTokens\":1000}"), CreateMessageRequest.class);
        assertThat(r.tools()).extracting(Tool::name).containsExactly("w");
        assertThat(r.toolChoice()).isEqualTo(JsonObject.of("mode", Json.of("auto")));
        assertThat(r.messages().get(0).content().get(0)).isEqualTo(ToolResultContent.of("c", TextContent.of("18C")));
    }

    @Test
    void writesEveryOptionalRequestMember() {
        CreateMessageRequest r = new CreateMessageRequest(List.of(SamplingMessage.of(Role.USER,
                ImageContent.of("AA==", "image/png"))),
                new ModelPreferences(List.of(ModelHint.of("claude")), 0.1, 0.2, 0.9), "sys", "thisServer", 0.3, 64,
                List.of("STOP"), JsonObject.of("trace", Json.of("x")), List.of(), JsonObject.of("mode", Json.of("none")),
                null);
        JsonObject o = Codec.encode(r);
        assertThat(o.members().keySet()).containsExactly("messages", "modelPreferences", "systemPrompt",
                "includeContext", "temperature", "maxTokens", "stopSequences", "metadata", "tools", "toolChoice");
        assertThat(o.get("tools")).isEqualTo(JsonArray.EMPTY);
        assertThat(Codec.decode(o, CreateMessageRequest.class)).isEqualTo(r);
    }

    @Test
    void readsModelPreferences() {
        ModelPreferences p = Codec.decode(Wire.parse("{\"hints\":[{\"name\":\"a\"},{}],\"costPriority\":0.3}"),
                ModelPreferences.class);
        assertThat(p.hints()).containsExactly(ModelHint.of("a"), new ModelHint(null));
        assertThat(p.costPriority()).isEqualTo(0.3);
        assertThat(p.speedPriority()).isNull();
    }
}
