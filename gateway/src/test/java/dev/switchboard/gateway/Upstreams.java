package dev.switchboard.gateway;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.PromptHandler;
import dev.switchboard.server.ResourceHandler;
import dev.switchboard.server.ToolHandler;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Real Switchboard servers on loopback ports, used as the gateway's upstreams. */
final class Upstreams {
    static final JsonObject TEXT_ARG = schema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}");
    static final JsonObject NO_ARGS = schema("{\"type\":\"object\"}");

    private Upstreams() {
    }

    static JsonObject schema(String json) {
        return (JsonObject) Wire.parse(json);
    }

    /** A running upstream server. */
    record Running(McpServer server, McpHttpServer http) implements AutoCloseable {
        URI endpoint() {
            return http.endpoint();
        }

        @Override
        public void close() {
            http.close();
            server.close();
        }
    }

    static Running start(McpServer server) throws Exception {
        return new Running(server, McpHttpServer.builder(server).port(0).start());
    }

    /**
     * Upstream "alpha": echo, a tool that sleeps for its argument's milliseconds (a hang, as the
     * gateway sees it), a large result, a resource, a template and a prompt; caching hints of 30 s public.
     */
    static McpServer alpha(CountDownLatch release) {
        return McpServer.builder("test/alpha", "1.0")
                .cacheHints(Duration.ofSeconds(30), CacheScope.PUBLIC)
                .tool(Tool.of("echo", "Echoes text", TEXT_ARG), ToolHandler.of(call ->
                        CallToolResult.of(TextContent.of("alpha:" + call.arguments().getString("text")))))
                .tool(Tool.of("hang", "Waits until released", NO_ARGS), ToolHandler.of(call -> {
                    release.await();
                    return CallToolResult.of(TextContent.of("released"));
                }))
                .tool(Tool.of("big", "Returns 2 MB of text", NO_ARGS), ToolHandler.of(call ->
                        CallToolResult.of(TextContent.of("x".repeat(2 * 1024 * 1024)))))
                .resource(Resource.of("mem://shared", "shared", "text/plain"), ResourceHandler.of(read ->
                        List.of(TextResourceContents.of(read.uri(), "text/plain", "from alpha"))))
                .resourceTemplate(ResourceTemplate.of("mem://alpha/{id}", "alpha item"), ResourceHandler.of(read ->
                        List.of(TextResourceContents.of(read.uri(), "text/plain", "alpha item " + read.variables().get("id")))))
                .prompt(Prompt.of("greet", "Greets", PromptArgument.required("who", "whom")), PromptHandler.of(get ->
                        new GetPromptResult("greeting", List.of(PromptMessage.user("hello " + get.arguments().get("who"))), null)))
                .build();
    }

    /** Upstream "beta" (spoken to in the session era): its own echo, add, and the same resource URI as alpha; 5 s private hints. */
    static McpServer beta() {
        return McpServer.builder("test/beta", "1.0")
                .cacheHints(Duration.ofSeconds(5), CacheScope.PRIVATE)
                .tool(Tool.of("echo", "Echoes text", TEXT_ARG), ToolHandler.of(call ->
                        CallToolResult.of(TextContent.of("beta:" + call.arguments().getString("text")))))
                .tool(Tool.of("add", "Adds a and b", schema("""
                        {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}""")),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of(String.valueOf(
                                ((dev.switchboard.protocol.json.JsonNumber) call.arguments().get("a")).longValue()
                                        + ((dev.switchboard.protocol.json.JsonNumber) call.arguments().get("b")).longValue())))))
                .resource(Resource.of("mem://shared", "shared", "text/plain"), ResourceHandler.of(read ->
                        List.of(TextResourceContents.of(read.uri(), "text/plain", "from beta"))))
                .build();
    }
}
