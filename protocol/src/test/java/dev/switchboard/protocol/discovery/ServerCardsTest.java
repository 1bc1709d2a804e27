package dev.switchboard.protocol.discovery;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.cards.Remote;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Icon;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Generating cards from a server's definitions, and reading our {@code _meta} back. */
class ServerCardsTest {
    private static final DiscoverResult DISCOVER = DiscoverResult.of(List.of("2026-07-28", "2025-11-25"),
            new ServerCapabilities(new ServerCapabilities.ToolsCapability(true), null, null, JsonObject.EMPTY, null,
                    null, null), 60_000, CacheScope.PUBLIC);
    private static final Tool ECHO = Tool.of("echo", "Echoes its text", JsonObject.of("type", Json.of("object")));

    @Test
    void describesAServerFromItsInfoDiscoverResultAndTools() {
        Implementation info = new Implementation("com.example/demo", "1.2.3", "Demo", "Demo tools for tests",
                List.of(Icon.of("https://example.com/i.png", "image/png", "48x48")), "https://example.com", null);
        ServerCard card = ServerCards.describe(info, DISCOVER, List.of(ECHO), List.of("https://mcp.example.com/mcp"));

        assertThat(ServerCards.validate(card)).isEmpty();
        assertThat(card.name()).isEqualTo("com.example/demo");
        assertThat(card.version()).isEqualTo("1.2.3");
        assertThat(card.title()).isEqualTo("Demo");
        assertThat(card.description()).isEqualTo("Demo tools for tests");
        assertThat(card.icons()).isEqualTo(info.icons());
        assertThat(card.remotes()).containsExactly(
                Remote.streamableHttp("https://mcp.example.com/mcp", List.of("2026-07-28", "2025-11-25")));
        assertThat(ServerCards.capabilities(card)).isEqualTo(DISCOVER.capabilities());
        assertThat(ServerCards.tools(card)).containsExactly(new ServerCards.ToolSummary("echo", null, "Echoes its text"));
        assertThat(Codec.encode(card).getString("$schema")).isEqualTo(ServerCard.SCHEMA_URI);
    }

    @Test
    void omitsToolsWhenAskedTo() {
        ServerCard card = ServerCards.describe(Implementation.of("com.example/demo", "1.0.0"), DISCOVER, null, List.of());
        assertThat(ServerCards.tools(card)).isNull();
        assertThat(card.meta().has(ServerCards.META_CAPABILITIES)).isTrue();
        assertThat(card.remotes()).isNull();
    }

    @Test
    void fillsAMissingDescriptionAndShortensLongText() {
        ServerCard plain = ServerCards.describe(Implementation.of("com.example/demo", "1.0.0"), DISCOVER, null, List.of());
        assertThat(plain.description()).isEqualTo("MCP server com.example/demo");

        String long150 = "x".repeat(150);
        ServerCard shortened = ServerCards.describe(new Implementation("com.example/demo", "1.0.0", long150, long150,
                null, null, null), DISCOVER, null, List.of());
        assertThat(shortened.description()).hasSize(100).endsWith("…");
        assertThat(shortened.title()).hasSize(100);
        assertThat(ServerCards.validate(shortened)).isEmpty();
    }

    @Test
    void refusesAServerWhoseNameCannotMakeACard() {
        assertThatThrownBy(() -> ServerCards.describe(Implementation.of("demo", "1.0.0"), DISCOVER, null, List.of()))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("server \"demo\"")
                .hasMessageContaining("name");
    }

    @Test
    void validateNamesTheFieldOfAnInvalidRecord() {
        ServerCard card = ServerCard.builder("com.example/demo", "1.0.0", "")
                .remote(Remote.streamableHttp("ftp://nope", null)).build();
        assertThat(ServerCards.validate(card)).extracting(v -> v.toString())
                .anySatisfy(v -> assertThat(v).contains("description"))
                .anySatisfy(v -> assertThat(v).contains("remotes"));
    }
}
