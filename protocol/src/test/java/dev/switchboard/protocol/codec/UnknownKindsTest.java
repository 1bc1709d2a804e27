package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.Reference;
import dev.switchboard.protocol.completion.UnknownReference;
import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.EmbeddedResource;
import dev.switchboard.protocol.content.ResourceContents;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.UnknownContent;
import dev.switchboard.protocol.content.UnknownResourceContents;
import dev.switchboard.protocol.elicitation.PrimitiveSchemaDefinition;
import dev.switchboard.protocol.elicitation.UnknownPrimitiveSchema;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * STYLE rule 10: kinds this build does not know survive a round trip untouched, so a gateway can
 * forward them. Each union has an {@code Unknown*} variant holding the raw object.
 */
class UnknownKindsTest {
    private static final String FUTURE_CONTENT =
            "{\"type\":\"video\",\"uri\":\"https://x/v.mp4\",\"frames\":[1,2,3],\"_meta\":{\"k\":{\"deep\":true}}}";

    @Test
    void keepsAnUnknownContentKindVerbatim() {
        Json raw = Wire.parse(FUTURE_CONTENT);
        Content c = Codec.decode(raw, Content.class);
        assertThat(c).isInstanceOf(UnknownContent.class);
        assertThat(((UnknownContent) c).type()).isEqualTo("video");
        assertThat(((UnknownContent) c).raw()).isSameAs(raw);
        assertThat(Codec.encode(c)).isEqualTo(raw);
    }

    @Test
    void keepsAnUnknownContentKindInsideAToolResult() {
        Json raw = Wire.parse("{\"resultType\":\"complete\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
                + FUTURE_CONTENT + "]}");
        CallToolResult r = Codec.decode(raw, CallToolResult.class);
        assertThat(r.content()).hasSize(2);
        assertThat(r.content().get(0)).isEqualTo(TextContent.of("a"));
        assertThat(r.content().get(1)).isInstanceOf(UnknownContent.class);
        assertThat(Codec.encode(r)).isEqualTo(raw);
    }

    @Test
    void keepsAnUnknownContentKindInsideAPromptMessage() {
        Json raw = Wire.parse("{\"resultType\":\"complete\",\"messages\":[{\"role\":\"user\",\"content\":"
                + FUTURE_CONTENT + "}]}");
        GetPromptResult r = Codec.decode(raw, GetPromptResult.class);
        assertThat(r.messages().get(0).content()).isInstanceOf(UnknownContent.class);
        assertThat(Codec.encode(r)).isEqualTo(raw);
    }

    @Test
    void readsAnUnknownContentWithoutRequiringAnyOtherMember() {
        Content c = Codec.decode(Wire.parse("{\"type\":\"x\"}"), Content.class);
        assertThat(c).isEqualTo(new UnknownContent(JsonObject.of("type", Json.of("x"))));
    }

    @Test
    void keepsUnknownResourceContentsVerbatim() {
        Json raw = Wire.parse("{\"uri\":\"file:///a\",\"stream\":\"wss://x\",\"mimeType\":\"video/mp4\"}");
        ResourceContents rc = Codec.decode(raw, ResourceContents.class);
        assertThat(rc).isInstanceOf(UnknownResourceContents.class);
        assertThat(rc.uri()).isEqualTo("file:///a");
        assertThat(Codec.encode(rc)).isEqualTo(raw);
    }

    @Test
    void keepsUnknownResourceContentsInsideAnEmbeddedResource() {
        Json raw = Wire.parse("{\"type\":\"resource\",\"resource\":{\"uri\":\"u\",\"future\":1}}");
        EmbeddedResource e = (EmbeddedResource) Codec.decode(raw, Content.class);
        assertThat(e.resource()).isInstanceOf(UnknownResourceContents.class);
        assertThat(Codec.encode(e)).isEqualTo(raw);
    }

    @Test
    void reportsNoUriForUnknownResourceContentsWithoutOne() {
        assertThat(new UnknownResourceContents(JsonObject.EMPTY).uri()).isNull();
    }

    @Test
    void keepsAnUnknownReferenceVerbatim() {
        Json raw = Wire.parse("{\"type\":\"ref/tool\",\"name\":\"t\",\"extra\":[true]}");
        Reference ref = Codec.decode(raw, Reference.class);
        assertThat(ref).isInstanceOf(UnknownReference.class);
        assertThat(((UnknownReference) ref).type()).isEqualTo("ref/tool");
        assertThat(Codec.encode(ref)).isEqualTo(raw);
    }

    @Test
    void keepsAnUnknownReferenceInsideACompleteRequest() {
        Json raw = Wire.parse("{\"ref\":{\"type\":\"ref/tool\",\"name\":\"t\"},\"argument\":{\"name\":\"a\","
                + "\"value\":\"\"}}");
        CompleteRequest r = Codec.decode(raw, CompleteRequest.class);
        assertThat(r.ref()).isInstanceOf(UnknownReference.class);
        assertThat(Codec.encode(r)).isEqualTo(raw);
    }

    @Test
    void keepsAnUnknownInputRequestMethodVerbatim() {
        Json raw = Wire.parse("{\"method\":\"payments/authorize\",\"params\":{\"amount\":5}}");
        InputRequest ir = Codec.decode(raw, InputRequest.class);
        assertThat(ir).isEqualTo(new InputRequest.Unknown("payments/authorize", JsonObject.of("amount", Json.of(5))));
        assertThat(ir.method()).isEqualTo("payments/authorize");
        assertThat(Codec.encode(ir)).isEqualTo(raw);
    }

    @Test
    void keepsAnUnknownInputRequestMethodWithoutParams() {
        Json raw = Wire.parse("{\"method\":\"x/y\"}");
        assertThat(Codec.encode(Codec.decode(raw, InputRequest.class))).isEqualTo(raw);
    }

    @Test
    void keepsAnUnknownInputRequestInsideAnInputRequiredResult() {
        Json raw = Wire.parse("{\"resultType\":\"input_required\",\"inputRequests\":{\"k\":{\"method\":\"x/y\","
                + "\"params\":{\"q\":[1]}}},\"requestState\":\"s\"}");
        assertThat(Codec.encode(Codec.decode(raw, InputRequiredResult.class))).isEqualTo(raw);
    }

    @Test
    void keepsAnUnknownPrimitiveSchemaVerbatim() {
        Json raw = Wire.parse("{\"type\":\"object\",\"properties\":{\"nested\":{\"type\":\"string\"}}}");
        PrimitiveSchemaDefinition s = Codec.decode(raw, PrimitiveSchemaDefinition.class);
        assertThat(s).isInstanceOf(UnknownPrimitiveSchema.class);
        assertThat(Codec.encode(s)).isEqualTo(raw);
    }

    @Test
    void readsTitleAndDescriptionOfAnUnknownPrimitiveSchema() {
        UnknownPrimitiveSchema s = new UnknownPrimitiveSchema((JsonObject) Wire.parse(
                "{\"type\":\"date\",\"title\":\"When\",\"description\":\"Pick a day\"}"));
        assertThat(s.title()).isEqualTo("When");
        assertThat(s.description()).isEqualTo("Pick a day");
    }

    @Test
    void treatsAnArraySchemaWithoutChoicesAsUnknown() {
        Json raw = Wire.parse("{\"type\":\"array\",\"items\":{\"type\":\"number\"}}");
        assertThat(Codec.decode(raw, PrimitiveSchemaDefinition.class)).isInstanceOf(UnknownPrimitiveSchema.class);
        assertThat(Codec.encode(Codec.decode(raw, PrimitiveSchemaDefinition.class))).isEqualTo(raw);
    }

    @Test
    void refusesAVariantOfTheWrongKind() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse(FUTURE_CONTENT), TextContent.class, "content[0]"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("content[0]: expected TextContent, got UnknownContent");
    }

    @Test
    void stillRequiresTheDiscriminator() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"text\":\"no type\"}"), Content.class, "content[2]"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("content[2].type: required string is missing");
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"name\":\"p\"}"), Reference.class, "params.ref"))
                .hasMessage("params.ref.type: required string is missing");
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"params\":{}}"), InputRequest.class, "inputRequests.k"))
                .hasMessage("inputRequests.k.method: required string is missing");
    }

    @Test
    void refusesANonStringDiscriminator() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"type\":7}"), Content.class, "c"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("c.type: expected string, got number");
    }
}
