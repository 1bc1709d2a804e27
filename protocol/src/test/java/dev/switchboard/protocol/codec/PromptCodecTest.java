package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.content.ImageContent;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.ListPromptsResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.prompts.PromptMessage;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptCodecTest {

    @Test
    void readsStringArgumentsInOrder() {
        GetPromptRequest r = Codec.decode(Wire.parse("{\"name\":\"review\",\"arguments\":{\"lang\":\"py\","
                + "\"code\":\"print(1)\"}}"), GetPromptRequest.class);
        assertThat(r.arguments()).containsExactly(Map.entry("lang", "py"), Map.entry("code", "print(1)"));
    }

    @Test
    void refusesANonStringArgumentValue() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"name\":\"p\",\"arguments\":{\"n\":1}}"),
                GetPromptRequest.class, "params"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("params.arguments.n: expected string, got number");
    }

    @Test
    void writesARequestWithItsFactory() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("b", "2");
        args.put("a", "1");
        JsonObject o = Codec.encode(GetPromptRequest.of("p", args));
        assertThat(o).isEqualTo(Wire.parse("{\"name\":\"p\",\"arguments\":{\"b\":\"2\",\"a\":\"1\"}}"));
        assertThat(o.getObject("arguments").members().keySet()).containsExactly("b", "a");
    }

    @Test
    void writesAnEmptyArgumentsObjectWhenGivenOne() {
        assertThat(Codec.encode(GetPromptRequest.of("p", Map.of())).getObject("arguments")).isEqualTo(JsonObject.EMPTY);
        assertThat(Codec.encode(GetPromptRequest.of("p", null)).has("arguments")).isFalse();
    }

    @Test
    void writesAResultWithUserAndAssistantMessages() {
        GetPromptResult r = GetPromptResult.of("Greeting", PromptMessage.user("hi"), PromptMessage.assistant("hello"));
        assertThat(Codec.encode(r)).isEqualTo(Wire.parse("{\"resultType\":\"complete\",\"description\":\"Greeting\","
                + "\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"hi\"}},"
                + "{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"hello\"}}]}"));
    }

    @Test
    void carriesAnyContentKindInAMessage() {
        PromptMessage m = new PromptMessage(Role.USER, ImageContent.of("AA==", "image/png"));
        assertThat(Codec.decode(Codec.encode(m), PromptMessage.class)).isEqualTo(m);
    }

    @Test
    void refusesAnUnknownRole() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"role\":\"system\",\"content\":{\"type\":\"text\","
                + "\"text\":\"x\"}}"), PromptMessage.class, "result.messages[0]"))
                .hasMessage("result.messages[0].role: expected \"user\" or \"assistant\", got \"system\"");
    }

    @Test
    void refusesAMessageWhoseContentIsAnArray() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"role\":\"user\",\"content\":[]}"),
                PromptMessage.class, "m"))
                .hasMessage("m.content: expected object, got array");
    }

    @Test
    void writesAPromptWithRequiredAndOptionalArguments() {
        Prompt p = Prompt.of("review", "Review code", PromptArgument.required("code", "The code"),
                PromptArgument.optional("style", null));
        assertThat(Codec.encode(p)).isEqualTo(Wire.parse("{\"name\":\"review\",\"description\":\"Review code\","
                + "\"arguments\":[{\"name\":\"code\",\"description\":\"The code\",\"required\":true},"
                + "{\"name\":\"style\"}]}"));
    }

    @Test
    void writesAPromptWithoutArgumentsAsAnEmptyList() {
        assertThat(Codec.encode(Prompt.of("p", null)).get("arguments"))
                .isEqualTo(dev.switchboard.protocol.json.JsonArray.EMPTY);
    }

    @Test
    void writesAPromptListPage() {
        ListPromptsResult r = ListPromptsResult.of(List.of(Prompt.of("p", "d")), 600_000, CacheScope.PUBLIC);
        assertThat(Codec.decode(Codec.encode(r), ListPromptsResult.class)).isEqualTo(r);
    }

    @Test
    void readsTheRetryMembersOfAGet() {
        GetPromptRequest r = Codec.decode(Wire.parse("{\"name\":\"p\",\"inputResponses\":{\"who\":{\"action\":"
                + "\"decline\"}},\"requestState\":\"st\"}"), GetPromptRequest.class);
        assertThat(InputResponses.elicitResult(r.inputResponses(), "who").action())
                .isEqualTo(dev.switchboard.protocol.elicitation.ElicitResult.Action.DECLINE);
        assertThat(r.requestState()).isEqualTo("st");
    }

    @Test
    void keepsContentEqualityAcrossTheRoundTrip() {
        PromptMessage m = new PromptMessage(Role.ASSISTANT, new TextContent("x", null, JsonObject.EMPTY));
        assertThat(Codec.decode(Codec.encode(m), PromptMessage.class)).isEqualTo(m);
    }
}
