package dev.switchboard.examples;

import dev.switchboard.examples.fixture.ChangeTools;
import dev.switchboard.examples.fixture.ContentTools;
import dev.switchboard.examples.fixture.InputTools;
import dev.switchboard.examples.fixture.Prompts;
import dev.switchboard.examples.fixture.Resources;
import dev.switchboard.examples.fixture.SchemaTools;
import dev.switchboard.examples.fixture.SessionEraTools;
import dev.switchboard.examples.fixture.StatelessTools;
import dev.switchboard.examples.fixture.TaskTools;
import dev.switchboard.protocol.CacheScope;
import dev.switchboard.server.McpServer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fixture server of the official MCP conformance suite ({@code switchboard serve --fixture}):
 * every tool, resource, template, prompt and completion that docs/design/conformance-fixtures.md
 * lists, with the exact names and behaviours the suite checks. The groups live in
 * {@code dev.switchboard.examples.fixture}; this class only wires them.
 *
 * <p>Registration order is list order, and it matters: {@code test_simple_text} must be the first
 * tool (http-header-validation calls {@code tools[0]} with {@code {}}), and {@code test://static-text}
 * the first resource (caching reads {@code resources[0]}).
 */
public final class FixtureServer {
    /** The server name reported in {@code serverInfo}. */
    public static final String NAME = "switchboard-conformance-fixture";

    private FixtureServer() {
    }

    /** Builds the fixture server. */
    public static McpServer create() {
        return create(b -> { });
    }

    /**
     * Builds the fixture server, letting {@code deployment} set what a deployment decides (key
     * ring, event bus, shared store) before it is built.
     */
    public static McpServer create(java.util.function.Consumer<McpServer.Builder> deployment) {
        AtomicReference<McpServer> self = new AtomicReference<>();
        McpServer.Builder b = McpServer.builder(NAME, "0.1.0")
                // The trigger tools announce list changes, so lists are not cached.
                .cacheHints(Duration.ZERO, CacheScope.PRIVATE);
        ContentTools.register(b);     // test_simple_text first
        StatelessTools.register(b);
        ChangeTools.register(b, self::get);
        InputTools.register(b);
        SchemaTools.register(b);
        TaskTools.register(b);        // Tasks extension (io.modelcontextprotocol/tasks, §3)
        SessionEraTools.register(b);
        Resources.register(b);
        Prompts.register(b);
        deployment.accept(b);
        McpServer server = b.build();
        self.set(server);
        return server;
    }
}
