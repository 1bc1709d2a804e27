package dev.switchboard.protocol.prompts;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.content.TextContent;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptRecordsTest {

    @Test
    void buildsPromptsWithArguments() {
        Prompt p = Prompt.of("review", "Reviews code", PromptArgument.required("code", "The code"),
                PromptArgument.optional("style", "Style guide"));
        assertThat(p.arguments()).extracting(PromptArgument::required).containsExactly(true, null);
        assertThat(p.icons()).isNull();
        assertThatThrownBy(() -> Prompt.of(null, null)).hasMessage("name");
        assertThatThrownBy(() -> PromptArgument.required(null, null)).hasMessage("name");
    }

    @Test
    void buildsMessagesByRole() {
        assertThat(PromptMessage.user("u")).isEqualTo(new PromptMessage(Role.USER, TextContent.of("u")));
        assertThat(PromptMessage.assistant("a").role()).isEqualTo(Role.ASSISTANT);
        assertThatThrownBy(() -> new PromptMessage(null, TextContent.of("x"))).hasMessage("role");
        assertThatThrownBy(() -> new PromptMessage(Role.USER, null)).hasMessage("content");
    }

    @Test
    void buildsAResult() {
        GetPromptResult r = GetPromptResult.of("d", PromptMessage.user("u"));
        assertThat(r.messages()).hasSize(1);
        assertThatThrownBy(() -> new GetPromptResult(null, null, null)).hasMessage("messages");
    }

    @Test
    void copiesArguments() {
        Map<String, String> args = new HashMap<>();
        args.put("a", "1");
        GetPromptRequest r = GetPromptRequest.of("p", args);
        args.put("b", "2");
        assertThat(r.arguments()).containsOnlyKeys("a");
        assertThatThrownBy(() -> GetPromptRequest.of(null, null)).hasMessage("name");
    }

    @Test
    void buildsAListPage() {
        ListPromptsResult r = ListPromptsResult.of(List.of(Prompt.of("p", null)), 5, CacheScope.PUBLIC);
        assertThat(r.prompts()).hasSize(1);
        assertThat(ListPromptsRequest.firstPage().cursor()).isNull();
        assertThatThrownBy(() -> new ListPromptsResult(List.of(), null, -1, CacheScope.PUBLIC, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
