package dev.switchboard.protocol.sampling;

import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.content.TextContent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplingRecordsTest {

    @Test
    void buildsASingleBlockUserMessage() {
        SamplingMessage m = SamplingMessage.user("hi");
        assertThat(m.role()).isEqualTo(Role.USER);
        assertThat(m.contentArray()).isFalse();
        assertThat(m.content()).containsExactly(TextContent.of("hi"));
    }

    @Test
    void buildsAMultiBlockMessage() {
        SamplingMessage m = SamplingMessage.of(Role.ASSISTANT, List.of(TextContent.of("a"), TextContent.of("b")));
        assertThat(m.contentArray()).isTrue();
        assertThat(m.content()).hasSize(2);
    }

    @Test
    void allowsAnArrayMessageOfAnySize() {
        assertThat(new SamplingMessage(Role.USER, List.of(), true, null).content()).isEmpty();
    }

    @Test
    void copiesTheBlocks() {
        List<Content> blocks = new ArrayList<>(List.of(TextContent.of("a")));
        SamplingMessage m = SamplingMessage.of(Role.USER, blocks);
        blocks.add(TextContent.of("b"));
        assertThat(m.content()).hasSize(1);
    }

    @Test
    void requiresRoleAndContent() {
        assertThatThrownBy(() -> new SamplingMessage(null, List.of(TextContent.of("a")), false, null))
                .hasMessage("role");
        assertThatThrownBy(() -> new SamplingMessage(Role.USER, null, true, null)).hasMessage("content");
    }

    @Test
    void buildsARequestFromMessagesAndATokenLimit() {
        CreateMessageRequest r = CreateMessageRequest.of(256, SamplingMessage.user("a"), SamplingMessage.user("b"));
        assertThat(r.maxTokens()).isEqualTo(256);
        assertThat(r.messages()).hasSize(2);
        assertThat(r.tools()).isNull();
        assertThat(r.toolChoice()).isNull();
        assertThatThrownBy(() -> new CreateMessageRequest(null, null, null, null, null, 1, null, null, null, null,
                null)).hasMessage("messages");
    }

    @Test
    void buildsASingleBlockAssistantResult() {
        CreateMessageResult r = CreateMessageResult.of(TextContent.of("Paris"), "model-x", "endTurn");
        assertThat(r.role()).isEqualTo(Role.ASSISTANT);
        assertThat(r.contentArray()).isFalse();
        assertThat(r.model()).isEqualTo("model-x");
        assertThatThrownBy(() -> CreateMessageResult.of(TextContent.of("x"), null, null)).hasMessage("model");
    }

    @Test
    void buildsModelHintsAndPreferences() {
        ModelPreferences p = new ModelPreferences(List.of(ModelHint.of("claude")), null, 0.5, null);
        assertThat(p.hints()).extracting(ModelHint::name).containsExactly("claude");
        assertThat(new ModelPreferences(null, null, null, null).hints()).isNull();
    }
}
