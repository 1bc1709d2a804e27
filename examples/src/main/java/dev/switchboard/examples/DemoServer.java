package dev.switchboard.examples;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.PromptHandler;
import dev.switchboard.server.ResourceHandler;
import dev.switchboard.server.ToolHandler;

import java.util.List;
import java.util.stream.Stream;

/**
 * The demo server that {@code switchboard serve} runs: a handful of tools, a resource, a template,
 * a prompt and completions that show the runtime's features (validation, structured output,
 * progress, logging, MRTR elicitation). The {@code echo} tool is the benchmark's workload.
 */
public final class DemoServer {
    private DemoServer() {
    }

    /** The demo server's MCP name. */
    public static final String NAME = "dev.switchboard/demo";

    /** Builds the demo server. */
    public static McpServer create() {
        return create(b -> { });
    }

    /**
     * Builds the demo server, letting {@code deployment} set what a deployment decides (key ring,
     * event bus, shared store) before it is built.
     */
    public static McpServer create(java.util.function.Consumer<McpServer.Builder> deployment) {
        McpServer.Builder b = McpServer.builder(NAME, "0.1.0")
                .instructions("A demo of Switchboard. Try echo, add, count_slowly and greet.")
                .tool(Tool.of("echo", "Returns the text it is given.", schema("""
                                {"type":"object","properties":{"text":{"type":"string","description":"Text to echo"}},
                                 "required":["text"],"additionalProperties":false}""")),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of(call.arguments().getString("text")))))
                .tool(Tool.builder("add", schema("""
                                {"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},
                                 "required":["a","b"],"additionalProperties":false}"""))
                                .description("Adds two numbers; the sum comes back as structured content too.")
                                .outputSchema(schema("""
                                        {"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]}"""))
                                .build(),
                        ToolHandler.of(call -> {
                            var sum = ((JsonNumber) call.arguments().get("a")).decimalValue()
                                    .add(((JsonNumber) call.arguments().get("b")).decimalValue());
                            return new CallToolResult(List.of(TextContent.of(sum.toPlainString())),
                                    JsonObject.of("sum", JsonNumber.of(sum)), null, null);
                        }))
                .tool(Tool.of("count_slowly", "Counts to n, one step per 100 ms, reporting progress and logging each step.",
                                schema("""
                                        {"type":"object","properties":{"n":{"type":"integer","minimum":1,"maximum":100}},
                                         "required":["n"]}""")),
                        ToolHandler.of(call -> {
                            long n = ((JsonNumber) call.arguments().get("n")).longValue();
                            for (long i = 1; i <= n; i++) {
                                call.context().cancellation().throwIfCancelled();
                                Thread.sleep(100);
                                call.context().progress(i, (double) n, "counted " + i);
                                call.context().log(LoggingLevel.INFO, "count_slowly", Json.of("step " + i));
                            }
                            return CallToolResult.of(TextContent.of("counted to " + n));
                        }))
                .tool(Tool.of("greet", "Asks who you are (an elicitation), then greets you.", schema("""
                                {"type":"object","properties":{}}""")),
                        call -> {
                            ElicitResult answer = call.responses().elicitation("who");
                            if (answer == null) {
                                return Outcome.inputRequired("who", InputRequest.elicit(ElicitRequest.form("What is your name?",
                                        schema("""
                                                {"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}"""))),
                                        null);
                            }
                            if (answer.action() != ElicitResult.Action.ACCEPT || answer.content() == null) {
                                return Outcome.complete(CallToolResult.of(TextContent.of("Hello, whoever you are.")));
                            }
                            return Outcome.complete(CallToolResult.of(TextContent.of("Hello, " + answer.content().getString("name") + "!")));
                        })
                .resource(Resource.of("demo://readme", "readme", "text/markdown"),
                        ResourceHandler.of(read -> List.of(TextResourceContents.of(read.uri(), "text/markdown",
                                "# Switchboard demo\nTools: echo, add, count_slowly, greet."))))
                .resourceTemplate(ResourceTemplate.of("demo://greeting/{name}", "greeting"),
                        ResourceHandler.of(read -> List.of(TextResourceContents.of(read.uri(), "text/plain",
                                "Hello, " + read.variables().get("name") + "!"))))
                .prompt(Prompt.of("summarize", "Asks the model to summarize a topic.",
                                new PromptArgument("topic", null, "What to summarize", true)),
                        PromptHandler.of(get -> GetPromptResult.of("Summary request",
                                new PromptMessage(Role.USER, TextContent.of("Summarize " + get.arguments().get("topic") + " in three sentences.")))))
                .promptCompletion("summarize", "topic", (ctx, argument, value, others) -> {
                    List<String> topics = Stream.of("MCP", "model context protocol", "multiplexing", "Java", "JSON-RPC")
                            .filter(t -> t.toLowerCase().startsWith(value.toLowerCase())).toList();
                    return new CompleteResult.Completion(topics, topics.size(), false);
                });
        deployment.accept(b);
        return b.build();
    }

    private static JsonObject schema(String json) {
        return (JsonObject) Wire.parse(json);
    }
}
