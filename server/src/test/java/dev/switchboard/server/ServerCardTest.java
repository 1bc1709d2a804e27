package dev.switchboard.server;

import dev.switchboard.protocol.cards.Remote;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.discovery.InvalidDocumentException;
import dev.switchboard.protocol.discovery.ServerCards;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link McpServer#serverCard}: generated from the server's own definitions, so it agrees with {@code server/discover}. */
class ServerCardTest {
    private static final Tool SUM = Tool.of("sum", "Adds numbers", JsonObject.of("type", Json.of("object")));

    @Test
    void agreesWithDiscoverAndListsTheTools() {
        McpServer server = Rpc.echoServer().build();
        ServerCard card = server.serverCard(List.of("https://mcp.example.com/mcp"), true);
        DiscoverResult discover = server.discover();

        assertThat(ServerCards.validate(card)).isEmpty();
        assertThat(card.name()).isEqualTo(server.info().name());
        assertThat(card.version()).isEqualTo(server.info().version());
        assertThat(card.remotes()).containsExactly(
                Remote.streamableHttp("https://mcp.example.com/mcp", discover.supportedVersions()));
        assertThat(ServerCards.capabilities(card)).isEqualTo(discover.capabilities());
        assertThat(ServerCards.tools(card)).extracting(ServerCards.ToolSummary::name).containsExactly("echo");
    }

    @Test
    void followsToolsAddedAtRunTimeAndCanHideThem() {
        McpServer server = Rpc.echoServer().build();
        server.addTool(SUM, ToolHandler.of(call -> CallToolResult.of()));
        assertThat(ServerCards.tools(server.serverCard(List.of(), true)))
                .extracting(ServerCards.ToolSummary::name).containsExactly("echo", "sum");
        assertThat(ServerCards.tools(server.serverCard(List.of(), false))).isNull();
    }

    @Test
    void refusesANameThatIsNotNamespaced() {
        McpServer server = McpServer.builder("t", "1.0.0").build();
        assertThatThrownBy(() -> server.serverCard(List.of(), true))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("name");
    }
}
