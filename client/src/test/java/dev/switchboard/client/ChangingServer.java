package dev.switchboard.client;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.PromptHandler;
import dev.switchboard.server.ResourceHandler;
import dev.switchboard.server.ToolHandler;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Our real server with everything listen can report on (tools, prompts, two resources), results
 * cacheable for an hour, and fast SSE keep-alives (so dropped streams are noticed at once). It
 * can be stopped and started again on the same port, as a fresh server (new keys, so session-era
 * sessions are gone). The test changes it through {@link #server()}.
 */
final class ChangingServer implements AutoCloseable {
    static final String A = "test://a";
    static final String B = "test://b";

    private final AtomicInteger reads = new AtomicInteger();
    private volatile McpServer server;
    private volatile McpHttpServer http;
    private final int port;

    ChangingServer() {
        start(0);
        this.port = http.port();
    }

    private void start(int on) {
        server = McpServer.builder("changing", "1")
                .cacheHints(Duration.ofHours(1), CacheScope.PUBLIC)
                .tool(tool("echo"), ToolHandler.of(c -> CallToolResult.of(TextContent.of("echo"))))
                .prompt(Prompt.of("p", null), PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("x"))))
                .resource(Resource.of(A, "a", "text/plain"), reading())
                .resource(Resource.of(B, "b", "text/plain"), reading())
                .build();
        try {
            http = McpHttpServer.builder(server).port(on).keepAlive(Duration.ofMillis(100)).start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server on port " + on, e);
        }
    }

    private ResourceHandler reading() {
        return ResourceHandler.of(r -> List.of(TextResourceContents.of(r.uri(), "text/plain",
                r.uri() + " #" + reads.incrementAndGet())));
    }

    static Tool tool(String name) {
        return Tool.of(name, "a tool", JsonObject.of("type", Json.of("object")));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    McpServer server() {
        return server;
    }

    /** Adds a tool: listeners hear tools/list_changed. */
    void addTool(String name) {
        server.addTool(tool(name), ToolHandler.of(c -> CallToolResult.of(TextContent.of(name))));
    }

    /** Stops the server (listen streams get their graceful end). */
    void stop() {
        http.close();
    }

    /** Starts a fresh server on the same port. */
    void restart() {
        start(port);
    }

    @Override
    public void close() {
        http.close();
    }
}
