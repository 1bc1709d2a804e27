package dev.switchboard.protocol.content;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentRecordsTest {

    @Test
    void buildsTextWithItsFactory() {
        TextContent t = TextContent.of("hi");
        assertThat(t.text()).isEqualTo("hi");
        assertThat(t.annotations()).isNull();
        assertThat(t.meta()).isNull();
        assertThat(t).isInstanceOf(Content.class);
    }

    @Test
    void namesTheMissingWireMember() {
        assertThatThrownBy(() -> TextContent.of(null)).isInstanceOf(NullPointerException.class).hasMessage("text");
        assertThatThrownBy(() -> ImageContent.of(null, "image/png")).hasMessage("data");
        assertThatThrownBy(() -> AudioContent.of("AA", null)).hasMessage("mimeType");
        assertThatThrownBy(() -> ResourceLink.of("u", null)).hasMessage("name");
        assertThatThrownBy(() -> EmbeddedResource.of(null)).hasMessage("resource");
        assertThatThrownBy(() -> ToolUseContent.of("1", "t", null)).hasMessage("input");
        assertThatThrownBy(() -> new ToolResultContent("1", null, null, null, null)).hasMessage("content");
        assertThatThrownBy(() -> TextResourceContents.of(null, null, "t")).hasMessage("uri");
        assertThatThrownBy(() -> BlobResourceContents.of("u", null, null)).hasMessage("blob");
        assertThatThrownBy(() -> new UnknownContent(null)).hasMessage("raw");
        assertThatThrownBy(() -> new UnknownResourceContents(null)).hasMessage("raw");
    }

    @Test
    void copiesNestedContentLists() {
        List<Content> blocks = new ArrayList<>(List.of(TextContent.of("a")));
        ToolResultContent r = new ToolResultContent("1", blocks, null, null, null);
        blocks.add(TextContent.of("b"));
        assertThat(r.content()).hasSize(1);
        assertThatThrownBy(() -> r.content().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void buildsAToolResultBlock() {
        ToolResultContent r = ToolResultContent.of("call_1", TextContent.of("18C"));
        assertThat(r.toolUseId()).isEqualTo("call_1");
        assertThat(r.content()).containsExactly(TextContent.of("18C"));
        assertThat(r.isError()).isNull();
    }

    @Test
    void buildsAudienceAnnotations() {
        Annotations a = Annotations.audience(Role.USER, Role.ASSISTANT);
        assertThat(a.audience()).containsExactly(Role.USER, Role.ASSISTANT);
        assertThat(a.priority()).isNull();
    }

    @Test
    void readsTheTypeOfAnUnknownBlock() {
        assertThat(new UnknownContent(JsonObject.of("type", Json.of("video"))).type()).isEqualTo("video");
        assertThat(new UnknownContent(JsonObject.EMPTY).type()).isNull();
        assertThat(new UnknownContent(JsonObject.of("type", Json.of(1))).type()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void spellsRolesInLowercase(Role role) {
        assertThat(role.wire()).isEqualTo(role.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(Role.fromWire(role.wire())).isEqualTo(role);
    }

    @Test
    void findsNoRoleForOtherSpellings() {
        assertThat(Role.fromWire("system")).isNull();
        assertThat(Role.fromWire("USER")).isNull();
        assertThat(Role.fromWire(null)).isNull();
    }

    @Test
    void exposesTheUriOfEachResourceContentsKind() {
        List<ResourceContents> all = List.of(TextResourceContents.of("a", null, "t"),
                BlobResourceContents.of("b", null, "AA"), new UnknownResourceContents(JsonObject.of("uri", Json.of("c"))));
        assertThat(all).extracting(ResourceContents::uri).containsExactly("a", "b", "c");
    }

    @Test
    void embedsResourceContents() {
        EmbeddedResource e = EmbeddedResource.of(TextResourceContents.of("u", "text/plain", "x"));
        assertThat(e.resource().uri()).isEqualTo("u");
        assertThat(e.annotations()).isNull();
    }
}
