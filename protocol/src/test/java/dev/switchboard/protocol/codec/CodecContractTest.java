package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents the codec's deliberate limits, so a change to them is a visible decision rather than
 * an accident: what a known type drops, and what the modern schema still demands of a server.
 */
class CodecContractTest {

    @Test
    void dropsUnknownMembersOfAKnownTypeOnReencode() {
        // Only unknown kinds (Unknown* variants) are kept whole; unknown members of a known type are
        // tolerated but not forwarded. A gateway that must forward them relays the raw JSON instead.
        JsonObject in = (JsonObject) Wire.parse("{\"type\":\"text\",\"text\":\"x\",\"x-vendor\":1}");
        assertThat(Codec.encode(Codec.decode(in, TextContent.class))).isEqualTo(in.without("x-vendor"));
    }

    @Test
    void keepsUnknownMetaKeysBecauseMetaIsOpen() {
        JsonObject meta = (JsonObject) Wire.parse("{\"com.example/trace\":{\"id\":\"abc\"},\"traceparent\":\"00-1\"}");
        Tool t = Tool.builder("t", JsonObject.of("type", Json.of("object"))).meta(meta).build();
        assertThat(Codec.decode(Codec.encode(t), Tool.class).meta()).isEqualTo(meta);
    }

    @Test
    void producesAResultTheModernSchemaRejectsWhenTheServerSetsNoCacheScope() {
        // A null scope exists only to round-trip peers that sent none; servers must use of(...).
        ReadResourceResult noHints = new ReadResourceResult(List.of(TextResourceContents.of("u", null, "t")), 0, null,
                null);
        assertThat(SpecExamples.schemaFor("ReadResourceResult").validate(Codec.encode(noHints))).isNotEmpty();
        ReadResourceResult withHints = ReadResourceResult.of(noHints.contents(), 0, CacheScope.PRIVATE);
        assertThat(SpecExamples.schemaFor("ReadResourceResult").validate(Codec.encode(withHints))).isEmpty();
    }

    @Test
    void readsAJsonNullStructuredContentAsAbsent() {
        JsonObject in = (JsonObject) Wire.parse("{\"resultType\":\"complete\",\"content\":[],\"structuredContent\":null}");
        CallToolResult r = Codec.decode(in, CallToolResult.class);
        assertThat(r.structuredContent()).isNull();
        assertThat(Codec.encode(r).has("structuredContent")).isFalse();
    }

    @Test
    void writesMembersInSchemaOrderWithResultTypeFirstAndMetaLast() {
        JsonObject out = Codec.encode(new CallToolResult(List.of(), JsonObject.EMPTY, true, JsonObject.EMPTY));
        assertThat(out.members().keySet()).containsExactly("resultType", "content", "structuredContent", "isError",
                "_meta");
    }
}
