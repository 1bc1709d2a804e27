package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.content.Annotations;
import dev.switchboard.protocol.content.AudioContent;
import dev.switchboard.protocol.content.BlobResourceContents;
import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.EmbeddedResource;
import dev.switchboard.protocol.content.ImageContent;
import dev.switchboard.protocol.content.ResourceContents;
import dev.switchboard.protocol.content.ResourceLink;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.content.ToolResultContent;
import dev.switchboard.protocol.content.ToolUseContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Icon;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentCodecTest {

    private static Content content(String json) {
        return Codec.decode(Wire.parse(json), Content.class, "content[0]");
    }

    @Test
    void decodesEachContentKindByItsType() {
        assertThat(content("{\"type\":\"text\",\"text\":\"hi\"}")).isEqualTo(TextContent.of("hi"));
        assertThat(content("{\"type\":\"image\",\"data\":\"AA==\",\"mimeType\":\"image/png\"}"))
                .isEqualTo(ImageContent.of("AA==", "image/png"));
        assertThat(content("{\"type\":\"audio\",\"data\":\"AA==\",\"mimeType\":\"audio/wav\"}"))
                .isEqualTo(AudioContent.of("AA==", "audio/wav"));
        assertThat(content("{\"type\":\"resource_link\",\"uri\":\"file:///a\",\"name\":\"a\"}"))
                .isEqualTo(ResourceLink.of("file:///a", "a"));
        assertThat(content("{\"type\":\"resource\",\"resource\":{\"uri\":\"u\",\"blob\":\"AA==\"}}"))
                .isEqualTo(EmbeddedResource.of(BlobResourceContents.of("u", null, "AA==")));
        assertThat(content("{\"type\":\"tool_use\",\"id\":\"1\",\"name\":\"t\",\"input\":{}}"))
                .isEqualTo(ToolUseContent.of("1", "t", JsonObject.EMPTY));
        assertThat(content("{\"type\":\"tool_result\",\"toolUseId\":\"1\",\"content\":[]}"))
                .isEqualTo(new ToolResultContent("1", List.of(), null, null, null));
    }

    @Test
    void writesTheTypeFirst() {
        JsonObject o = Codec.encode(new TextContent("x", Annotations.audience(Role.USER), JsonObject.EMPTY));
        assertThat(o.members().keySet()).containsExactly("type", "text", "annotations", "_meta");
    }

    @Test
    void writesEachContentKind() {
        assertThat(Codec.encode(ImageContent.of("AA==", "image/png")))
                .isEqualTo(Wire.parse("{\"type\":\"image\",\"data\":\"AA==\",\"mimeType\":\"image/png\"}"));
        assertThat(Codec.encode(AudioContent.of("AA==", "audio/wav")))
                .isEqualTo(Wire.parse("{\"type\":\"audio\",\"data\":\"AA==\",\"mimeType\":\"audio/wav\"}"));
        assertThat(Codec.encode(ToolUseContent.of("c", "t", JsonObject.of("a", Json.of(1)))))
                .isEqualTo(Wire.parse("{\"type\":\"tool_use\",\"id\":\"c\",\"name\":\"t\",\"input\":{\"a\":1}}"));
        assertThat(Codec.encode(ToolResultContent.of("c", TextContent.of("r"))))
                .isEqualTo(Wire.parse("{\"type\":\"tool_result\",\"toolUseId\":\"c\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"r\"}]}"));
    }

    @Test
    void writesAResourceLinkWithEveryMember() {
        ResourceLink link = new ResourceLink("file:///a.rs", "a.rs", "A", "desc", "text/x-rust", 1234L,
                List.of(Icon.of("https://x/i.png", "image/png", "16x16", "32x32")),
                new Annotations(List.of(Role.ASSISTANT), 0.25, null), JsonObject.of("m", Json.of(true)));
        JsonObject o = Codec.encode(link);
        assertThat(o).isEqualTo(Wire.parse("{\"type\":\"resource_link\",\"uri\":\"file:///a.rs\",\"name\":\"a.rs\","
                + "\"title\":\"A\",\"description\":\"desc\",\"mimeType\":\"text/x-rust\",\"size\":1234,"
                + "\"icons\":[{\"src\":\"https://x/i.png\",\"mimeType\":\"image/png\",\"sizes\":[\"16x16\",\"32x32\"]}],"
                + "\"annotations\":{\"audience\":[\"assistant\"],\"priority\":0.25},\"_meta\":{\"m\":true}}"));
        assertThat(Codec.decode(o, Content.class)).isEqualTo(link);
    }

    @Test
    void writesEmptyIconAndAudienceListsRatherThanDroppingThem() {
        ResourceLink link = new ResourceLink("u", "n", null, null, null, null, List.of(),
                new Annotations(List.of(), null, null), null);
        JsonObject o = Codec.encode(link);
        assertThat(o.get("icons")).isEqualTo(JsonArray.EMPTY);
        assertThat(o.getObject("annotations").get("audience")).isEqualTo(JsonArray.EMPTY);
    }

    @Test
    void keepsNestedContentOfAToolResult() {
        ToolResultContent r = (ToolResultContent) content("{\"type\":\"tool_result\",\"toolUseId\":\"c\","
                + "\"content\":[{\"type\":\"image\",\"data\":\"AA==\",\"mimeType\":\"image/png\"}],"
                + "\"structuredContent\":[1,2],\"isError\":true}");
        assertThat(r.content()).containsExactly(ImageContent.of("AA==", "image/png"));
        assertThat(r.structuredContent()).isEqualTo(JsonArray.of(Json.of(1), Json.of(2)));
        assertThat(r.isError()).isTrue();
    }

    @Test
    void namesThePathOfABadNestedBlock() {
        assertThatThrownBy(() -> content("{\"type\":\"tool_result\",\"toolUseId\":\"c\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"},{\"type\":\"text\"}]}"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("content[0].content[1].text: required string is missing");
    }

    @Test
    void namesThePathOfABadAnnotation() {
        assertThatThrownBy(() -> content("{\"type\":\"text\",\"text\":\"x\",\"annotations\":{\"priority\":\"high\"}}"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("content[0].annotations.priority: expected number, got string");
        assertThatThrownBy(() -> content("{\"type\":\"text\",\"text\":\"x\","
                + "\"annotations\":{\"audience\":[\"user\",\"robot\"]}}"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("content[0].annotations.audience[1]: expected \"user\" or \"assistant\", got \"robot\"");
    }

    @Test
    void refusesANonIntegerSize() {
        assertThatThrownBy(() -> content("{\"type\":\"resource_link\",\"uri\":\"u\",\"name\":\"n\",\"size\":1.5}"))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("content[0].size: expected integer");
    }

    @Test
    void refusesToolUseInputThatIsNotAnObject() {
        assertThatThrownBy(() -> content("{\"type\":\"tool_use\",\"id\":\"1\",\"name\":\"t\",\"input\":[]}"))
                .hasMessage("content[0].input: expected object, got array");
    }

    @Test
    void refusesAMissingEmbeddedResource() {
        assertThatThrownBy(() -> content("{\"type\":\"resource\"}"))
                .hasMessage("content[0].resource: required member is missing");
    }

    @Test
    void tellsResourceContentsApartByTextOrBlob() {
        ResourceContents text = Codec.decode(Wire.parse("{\"uri\":\"u\",\"text\":\"t\"}"), ResourceContents.class);
        ResourceContents blob = Codec.decode(Wire.parse("{\"uri\":\"u\",\"blob\":\"AA==\"}"), ResourceContents.class);
        assertThat(text).isEqualTo(TextResourceContents.of("u", null, "t"));
        assertThat(blob).isEqualTo(BlobResourceContents.of("u", null, "AA=="));
        assertThat(text.uri()).isEqualTo("u");
    }

    @Test
    void prefersTextWhenResourceContentsCarryBoth() {
        ResourceContents both = Codec.decode(Wire.parse("{\"uri\":\"u\",\"text\":\"t\",\"blob\":\"AA==\"}"),
                ResourceContents.class);
        assertThat(both).isInstanceOf(TextResourceContents.class);
    }

    @Test
    void requiresAUriOnKnownResourceContents() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"text\":\"t\"}"), ResourceContents.class, "contents[0]"))
                .hasMessage("contents[0].uri: required string is missing");
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"blob\":\"AA\"}"), ResourceContents.class, "contents[0]"))
                .hasMessage("contents[0].uri: required string is missing");
    }

    @Test
    void refusesNonStringTextInResourceContents() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"uri\":\"u\",\"text\":5}"), ResourceContents.class, "r"))
                .hasMessage("r.text: expected string, got number");
    }

    @Test
    void writesResourceContentsWithoutAbsentMembers() {
        assertThat(Codec.encode(TextResourceContents.of("u", null, "t")))
                .isEqualTo(Wire.parse("{\"uri\":\"u\",\"text\":\"t\"}"));
        assertThat(Codec.encode(BlobResourceContents.of("u", "image/png", "AA==")))
                .isEqualTo(Wire.parse("{\"uri\":\"u\",\"mimeType\":\"image/png\",\"blob\":\"AA==\"}"));
    }

    @Test
    void refusesToEncodeAContentKindItDoesNotKnow() {
        Content custom = new Content() {
        };
        assertThatThrownBy(() -> Codec.encode(custom))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no codec for content kind");
    }

    @Test
    void refusesToEncodeResourceContentsItDoesNotKnow() {
        ResourceContents custom = () -> "u";
        assertThatThrownBy(() -> Codec.encode(custom))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no codec for resource contents");
    }

    @Test
    void decodesAnnotationsOnTheirOwn() {
        Annotations a = Codec.decode(Wire.parse("{\"audience\":[\"assistant\"],\"priority\":1,"
                + "\"lastModified\":\"2025-01-12T15:00:58Z\"}"), Annotations.class);
        assertThat(a).isEqualTo(new Annotations(List.of(Role.ASSISTANT), 1.0, "2025-01-12T15:00:58Z"));
    }
}
