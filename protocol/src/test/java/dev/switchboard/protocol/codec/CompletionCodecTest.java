package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.completion.PromptReference;
import dev.switchboard.protocol.completion.Reference;
import dev.switchboard.protocol.completion.ResourceTemplateReference;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompletionCodecTest {

    @Test
    void readsAPromptReference() {
        Reference ref = Codec.decode(Wire.parse("{\"type\":\"ref/prompt\",\"name\":\"review\",\"title\":\"R\"}"),
                Reference.class);
        assertThat(ref).isEqualTo(new PromptReference("review", "R"));
    }

    @Test
    void readsAResourceTemplateReference() {
        Reference ref = Codec.decode(Wire.parse("{\"type\":\"ref/resource\",\"uri\":\"file:///{path}\"}"),
                Reference.class);
        assertThat(ref).isEqualTo(new ResourceTemplateReference("file:///{path}"));
        assertThat(Codec.encode(ref)).isEqualTo(Wire.parse("{\"type\":\"ref/resource\",\"uri\":\"file:///{path}\"}"));
    }

    @Test
    void writesAPromptReferenceWithItsType() {
        assertThat(Codec.encode(PromptReference.of("p"))).isEqualTo(Wire.parse("{\"type\":\"ref/prompt\",\"name\":\"p\"}"));
    }

    @Test
    void readsARequestWithContext() {
        CompleteRequest r = Codec.decode(Wire.parse("{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"code_review\"},"
                + "\"argument\":{\"name\":\"framework\",\"value\":\"fla\"},"
                + "\"context\":{\"arguments\":{\"language\":\"python\"}}}"), CompleteRequest.class);
        assertThat(r.argument()).isEqualTo(new CompleteRequest.Argument("framework", "fla"));
        assertThat(r.context().arguments()).containsExactly(Map.entry("language", "python"));
    }

    @Test
    void readsAnEmptyContext() {
        CompleteRequest r = Codec.decode(Wire.parse("{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"p\"},"
                + "\"argument\":{\"name\":\"a\",\"value\":\"\"},\"context\":{}}"), CompleteRequest.class);
        assertThat(r.context().arguments()).isNull();
        assertThat(Codec.encode(r).getObject("context")).isEqualTo(JsonObject.EMPTY);
    }

    @Test
    void namesThePathOfAMissingArgumentValue() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"p\"},"
                + "\"argument\":{\"name\":\"a\"}}"), CompleteRequest.class, "params"))
                .hasMessage("params.argument.value: required string is missing");
    }

    @Test
    void namesThePathOfABadReference() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"ref\":{\"type\":\"ref/resource\"},"
                + "\"argument\":{\"name\":\"a\",\"value\":\"v\"}}"), CompleteRequest.class, "params"))
                .hasMessage("params.ref.uri: required string is missing");
    }

    @Test
    void writesARequestWithItsFactory() {
        assertThat(Codec.encode(CompleteRequest.of(PromptReference.of("p"), "lang", "py")))
                .isEqualTo(Wire.parse("{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"p\"},"
                        + "\"argument\":{\"name\":\"lang\",\"value\":\"py\"}}"));
    }

    @Test
    void writesACompleteListOfValues() {
        assertThat(Codec.encode(CompleteResult.of("python", "pytorch")))
                .isEqualTo(Wire.parse("{\"resultType\":\"complete\",\"completion\":{\"values\":[\"python\",\"pytorch\"],"
                        + "\"total\":2,\"hasMore\":false}}"));
    }

    @Test
    void writesAnEmptyValueList() {
        CompleteResult r = new CompleteResult(new CompleteResult.Completion(List.of(), null, null), null);
        assertThat(Codec.encode(r)).isEqualTo(Wire.parse("{\"resultType\":\"complete\",\"completion\":{\"values\":[]}}"));
    }

    @Test
    void refusesATotalBeyondAnInt() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"completion\":{\"values\":[],\"total\":3000000000}}"),
                CompleteResult.class, "result"))
                .hasMessage("result.completion.total: integer out of range: 3000000000");
    }

    @Test
    void refusesNonStringValues() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"completion\":{\"values\":[\"a\",1]}}"),
                CompleteResult.class, "result"))
                .hasMessage("result.completion.values[1]: expected string, got number");
    }

    @Test
    void refusesToEncodeAReferenceKindItDoesNotKnow() {
        Reference custom = new Reference() {
        };
        assertThatThrownBy(() -> Codec.encode(custom)).isInstanceOf(IllegalArgumentException.class);
    }
}
