package dev.switchboard.server;

import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.roots.Root;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The values handlers return and receive: {@link Outcome} and {@link InputResponses}. */
class OutcomeTest {
    private static final InputRequest ROOTS = InputRequest.listRoots();

    @Test
    void completeHoldsTheResult() {
        CallToolResult r = CallToolResult.of(TextContent.of("x"));
        assertThat(Outcome.complete(r)).isEqualTo(new Outcome.Complete<>(r));
        assertThatThrownBy(() -> Outcome.complete(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void inputRequiredKeepsRequestOrderAndState() {
        Map<String, InputRequest> asks = new LinkedHashMap<>();
        asks.put("z", ROOTS);
        asks.put("a", ROOTS);
        Outcome.InputRequired<CallToolResult> o = (Outcome.InputRequired<CallToolResult>) Outcome.<CallToolResult>inputRequired(
                asks, JsonObject.of("s", Json.of(1)));
        assertThat(o.requests().keySet()).containsExactly("z", "a");
        assertThat(o.state()).isEqualTo(JsonObject.of("s", Json.of(1)));
    }

    @Test
    void inputRequiredCopiesTheRequests() {
        Map<String, InputRequest> asks = new HashMap<>();
        asks.put("a", ROOTS);
        Outcome.InputRequired<Object> o = new Outcome.InputRequired<>(asks, null);
        asks.put("b", ROOTS);
        assertThat(o.requests()).containsOnlyKeys("a");
        assertThatThrownBy(() -> o.requests().put("c", ROOTS)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void inputRequiredNeedsRequestsOrState() {
        assertThatThrownBy(() -> new Outcome.InputRequired<>(Map.of(), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome.InputRequired<>(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Outcome.InputRequired<>(null, JsonObject.EMPTY).requests()).isEmpty();
    }

    @Test
    void oneRequestNeedsNoState() {
        Outcome<Object> o = Outcome.inputRequired("k", ROOTS, null);
        assertThat(((Outcome.InputRequired<Object>) o).requests()).containsOnlyKeys("k");
    }

    @Test
    void retryWithNeedsState() {
        assertThatThrownBy(() -> Outcome.retryWith(null)).isInstanceOf(NullPointerException.class);
        Outcome.InputRequired<Object> o = (Outcome.InputRequired<Object>) Outcome.retryWith(JsonObject.EMPTY);
        assertThat(o.requests()).isEmpty();
    }

    @Test
    void noResponsesIsEmpty() {
        assertThat(InputResponses.NONE.isEmpty()).isTrue();
        assertThat(InputResponses.NONE.keys()).isEmpty();
        assertThat(InputResponses.NONE.has("x")).isFalse();
        assertThat(InputResponses.NONE.elicitation("x")).isNull();
    }

    @Test
    void responsesAreReadByKind() {
        ElicitResult elicit = ElicitResult.accept(JsonObject.of("n", Json.of("Ada")));
        CreateMessageResult sample = CreateMessageResult.of(TextContent.of("Paris"), "m", null);
        ListRootsResult roots = ListRootsResult.of(Root.of("file:///p", "p"));
        InputResponses r = new InputResponses(Map.of("e", elicit, "s", sample, "r", roots));
        assertThat(r.isEmpty()).isFalse();
        assertThat(r.keys()).containsExactlyInAnyOrder("e", "s", "r");
        assertThat(r.has("e")).isTrue();
        assertThat(r.elicitation("e")).isSameAs(elicit);
        assertThat(r.sampling("s")).isSameAs(sample);
        assertThat(r.roots("r")).isSameAs(roots);
        assertThat(r.elicitation("s")).isNull();
        assertThat(r.sampling("r")).isNull();
        assertThat(r.roots("e")).isNull();
        assertThat(r.roots("missing")).isNull();
    }

    @Test
    void responsesAreAnImmutableCopy() {
        Map<String, Object> answers = new HashMap<>();
        answers.put("e", ElicitResult.decline());
        InputResponses r = new InputResponses(answers);
        answers.put("f", ElicitResult.cancel());
        assertThat(r.keys()).containsExactly("e");
        assertThatThrownBy(() -> r.answers().put("g", ElicitResult.cancel())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void simpleHandlersAlwaysComplete() throws Exception {
        ToolHandler t = ToolHandler.of(c -> CallToolResult.of());
        assertThat(t.call(null)).isInstanceOf(Outcome.Complete.class);
        ResourceHandler r = ResourceHandler.of(rr -> java.util.List.of());
        assertThat(r.read(null)).isInstanceOf(Outcome.Complete.class);
        PromptHandler p = PromptHandler.of(g -> dev.switchboard.protocol.prompts.GetPromptResult.of(null));
        assertThat(p.get(null)).isInstanceOf(Outcome.Complete.class);
        assertThat(InputRequest.elicit(ElicitRequest.form("q", JsonObject.EMPTY)).method()).isEqualTo("elicitation/create");
    }
}
