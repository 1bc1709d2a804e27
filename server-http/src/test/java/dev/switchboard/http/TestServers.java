package dev.switchboard.http;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.ToolHandler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The server the endpoint tests run against, with hooks to observe its handlers. */
final class TestServers {
    /** Released when the blocking tool starts. */
    final CountDownLatch blockStarted = new CountDownLatch(1);
    /** Released when the blocking tool sees its cancellation. */
    final CountDownLatch blockCancelled = new CountDownLatch(1);
    /** Released by a test to let the blocking tool finish. */
    final CountDownLatch blockRelease = new CountDownLatch(1);
    final AtomicInteger echoes = new AtomicInteger();

    static JsonObject schema(String json) {
        return (JsonObject) Wire.parse(json);
    }

    McpServer build() {
        return builder().build();
    }

    McpServer.Builder builder() {
        return McpServer.builder("dev.switchboard/test", "1.2.3")
                .tool(Tool.of("echo", "Echoes text", schema("""
                                {"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""")),
                        ToolHandler.of(call -> {
                            echoes.incrementAndGet();
                            return CallToolResult.of(TextContent.of(call.arguments().getString("text")));
                        }))
                .tool(Tool.of("block", "Blocks until released or cancelled", schema("""
                                {"type":"object","properties":{}}""")),
                        ToolHandler.of(call -> {
                            blockStarted.countDown();
                            try {
                                blockRelease.await();
                            } catch (InterruptedException e) {
                                blockCancelled.countDown();
                                throw e;
                            }
                            return CallToolResult.of(TextContent.of("released"));
                        }))
                .tool(Tool.of("regional", "Has a header-mirrored argument", schema("""
                                {"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"},
                                 "count":{"type":"integer","x-mcp-header":"Count"}},"required":["region"]}""")),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of("ok " + call.arguments().getString("region")))))
                .tool(Tool.of("steps", "Reports progress and logs", schema("""
                                {"type":"object","properties":{"n":{"type":"integer"}}}""")),
                        ToolHandler.of(call -> {
                            long n = call.arguments().get("n") instanceof JsonNumber num ? num.longValue() : 3;
                            for (int i = 1; i <= n; i++) {
                                call.context().progress(i, (double) n, "step " + i);
                                call.context().log(LoggingLevel.INFO, "steps", Json.of("step " + i));
                                call.context().log(LoggingLevel.DEBUG, "steps", Json.of("debug " + i));
                            }
                            return CallToolResult.of(TextContent.of("done"));
                        }))
                .tool(Tool.of("ask", "Asks for a name", schema("""
                                {"type":"object","properties":{}}""")),
                        call -> {
                            ElicitResult r = call.responses().elicitation("name");
                            if (r == null) {
                                return Outcome.inputRequired("name", InputRequest.elicit(ElicitRequest.form("Name?",
                                        schema("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"))),
                                        JsonObject.of("round", Json.of(1)));
                            }
                            return Outcome.complete(CallToolResult.of(TextContent.of("hi " + r.content().getString("name"))));
                        });
    }
}
