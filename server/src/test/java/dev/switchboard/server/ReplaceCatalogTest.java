package dev.switchboard.server;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.embedded.InProcessEventBus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link McpServer#replaceCatalog}: one atomic swap, one list_changed per list that differs. */
class ReplaceCatalogTest {
    static final JsonObject OBJECT = (JsonObject) Wire.parse("{\"type\":\"object\"}");
    static final ToolHandler NOTHING = ToolHandler.of(call -> CallToolResult.of());

    @Test
    void replacesEveryDefinitionAndAnnouncesOnlyRealChanges() throws Exception {
        try (InProcessEventBus bus = new InProcessEventBus();
             McpServer server = McpServer.builder("t", "1").eventBus(bus)
                     .tool(Tool.of("old", "d", OBJECT), NOTHING).build()) {
            List<String> kinds = new CopyOnWriteArrayList<>();
            EventBus.Subscription s = bus.subscribe("mcp.changes", e -> kinds.add(e.getString("kind")));
            server.replaceCatalog(CatalogUpdate.builder().tool(Tool.of("a", "d", OBJECT), NOTHING)
                    .tool(Tool.of("b", "d", OBJECT), NOTHING).build());
            assertThat(server.headerBindings("old")).isEmpty();
            assertThat(server.discover().capabilities().tools()).isNotNull();
            // the same definitions again (new handlers) change nothing a client can see
            server.replaceCatalog(CatalogUpdate.builder().tool(Tool.of("a", "d", OBJECT), NOTHING)
                    .tool(Tool.of("b", "d", OBJECT), NOTHING).build());
            server.replaceCatalog(CatalogUpdate.builder().build());
            assertThat(server.discover().capabilities().tools()).isNull();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (kinds.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100); // a third, wrong, announcement would arrive by now
            s.close();
            assertThat(kinds).containsExactly("tools", "tools");
        }
    }

    @Test
    void refusesAnInvalidToolAlone() {
        CatalogUpdate.Builder b = CatalogUpdate.builder().tool(Tool.of("fine", "d", OBJECT), NOTHING);
        assertThatThrownBy(() -> b.tool(Tool.of("not fine", "d", OBJECT), NOTHING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not fine");
        assertThat(b.build()).isNotNull();
    }
}
