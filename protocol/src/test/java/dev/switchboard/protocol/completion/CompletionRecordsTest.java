package dev.switchboard.protocol.completion;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompletionRecordsTest {

    @Test
    void buildsARequest() {
        CompleteRequest r = CompleteRequest.of(PromptReference.of("p"), "lang", "py");
        assertThat(r.argument()).isEqualTo(new CompleteRequest.Argument("lang", "py"));
        assertThat(r.context()).isNull();
        assertThatThrownBy(() -> CompleteRequest.of(null, "a", "b")).hasMessage("ref");
        assertThatThrownBy(() -> new CompleteRequest.Argument("a", null)).hasMessage("value");
    }

    @Test
    void buildsACompleteList() {
        CompleteResult r = CompleteResult.of("a", "b", "c");
        assertThat(r.completion().values()).containsExactly("a", "b", "c");
        assertThat(r.completion().total()).isEqualTo(3);
        assertThat(r.completion().hasMore()).isFalse();
        assertThatThrownBy(() -> new CompleteResult.Completion(null, null, null)).hasMessage("values");
        assertThatThrownBy(() -> new CompleteResult(null, null)).hasMessage("completion");
    }

    @Test
    void requiresReferenceMembers() {
        assertThatThrownBy(() -> PromptReference.of(null)).hasMessage("name");
        assertThatThrownBy(() -> new ResourceTemplateReference(null)).hasMessage("uri");
        assertThatThrownBy(() -> new UnknownReference(null)).hasMessage("raw");
    }

    @Test
    void readsTheTypeOfAnUnknownReference() {
        assertThat(new UnknownReference(JsonObject.of("type", Json.of("ref/x"))).type()).isEqualTo("ref/x");
        assertThat(new UnknownReference(JsonObject.EMPTY).type()).isNull();
    }

    @Test
    void allowsAContextWithoutArguments() {
        assertThat(new CompleteRequest.Context(null).arguments()).isNull();
        assertThat(new CompleteResult.Completion(List.of(), null, null).values()).isEmpty();
    }
}
