package dev.switchboard.gateway;

import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.sampling.CreateMessageRequest;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.sampling.SamplingMessage;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.stdio.StdioTransport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An upstream whose tool and prompt ask the user through elicitation, written MRTR-style so the
 * same server asks a 2026-07-28 client with {@code input_required} and a session-era client with
 * {@code elicitation/create} requests. {@link #main} serves it over stdio.
 */
final class Asker {
    static final JsonObject NAME_FORM = Upstreams.schema(
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}");
    static final JsonObject CITY_FORM = Upstreams.schema(
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

    /** Counted down when {@code ask_then_hang}, answered, starts working. */
    static volatile CountDownLatch hangStarted = new CountDownLatch(1);
    /** Counted down when {@code ask_then_hang}, answered, is cancelled (the upstream saw the cancel). */
    static volatile CountDownLatch hangCancelled = new CountDownLatch(1);

    private Asker() {
    }

    static McpServer server() {
        return McpServer.builder("test/asker", "1.0")
                .tool(Tool.of("ask_name", "Greets the user by the name it asks for", Upstreams.NO_ARGS), call -> {
                    ElicitResult r = call.responses().elicitation("name");
                    if (r == null) {
                        return Outcome.inputRequired("name", askName(), null);
                    }
                    return Outcome.complete(CallToolResult.of(TextContent.of(greeting(r))));
                })
                .tool(Tool.of("ask_two", "Asks the user's name, then their city", Upstreams.NO_ARGS), call -> {
                    ElicitResult city = call.responses().elicitation("city");
                    if (city != null) { // the state carries the name across the second round
                        return Outcome.complete(CallToolResult.of(TextContent.of("hello " + call.state().getString("name")
                                + " from " + city.content().getString("city"))));
                    }
                    ElicitResult name = call.responses().elicitation("name");
                    if (name == null) {
                        return Outcome.inputRequired("name", askName(), null);
                    }
                    return Outcome.inputRequired("city", InputRequest.elicit(ElicitRequest.form("Which city?", CITY_FORM)),
                            JsonObject.of("name", Json.of(name.content().getString("name"))));
                })
                .tool(Tool.of("ask_then_hang", "Asks a name, then works until cancelled (30 s at most)",
                        Upstreams.NO_ARGS), call -> {
                    if (call.responses().elicitation("name") == null) {
                        return Outcome.inputRequired("name", askName(), null);
                    }
                    CountDownLatch cancelled = new CountDownLatch(1);
                    call.context().cancellation().onCancel(cancelled::countDown);
                    hangStarted.countDown();
                    try {
                        if (cancelled.await(30, TimeUnit.SECONDS)) {
                            hangCancelled.countDown();
                        }
                    } catch (InterruptedException e) {
                        hangCancelled.countDown(); // an interrupt is how a cancel may reach a blocked handler too
                    }
                    return Outcome.complete(CallToolResult.of(TextContent.of("worked")));
                })
                .tool(Tool.of("ask_three", "Asks a name, a sample and the roots at once", Upstreams.NO_ARGS), call -> {
                    ElicitResult name = call.responses().elicitation("name");
                    CreateMessageResult idea = call.responses().sampling("idea");
                    ListRootsResult roots = call.responses().roots("roots");
                    if (name == null || idea == null || roots == null) {
                        Map<String, InputRequest> asked = new LinkedHashMap<>();
                        asked.put("name", askName());
                        asked.put("idea", InputRequest.sample(CreateMessageRequest.of(50, SamplingMessage.user("An idea?"))));
                        asked.put("roots", InputRequest.listRoots());
                        return Outcome.inputRequired(asked, null);
                    }
                    return Outcome.complete(CallToolResult.of(TextContent.of(greeting(name) + ", "
                            + ((TextContent) idea.content().getFirst()).text() + ", " + roots.roots().size() + " roots")));
                })
                .tool(Tool.of("ask_what_it_can", "Asks a name and the roots, each if the client can answer it",
                        Upstreams.NO_ARGS), call -> {
                    var caps = call.context().clientCapabilities();
                    Map<String, InputRequest> asked = new LinkedHashMap<>();
                    if (caps.hasElicitationForm() && !call.responses().has("name")) {
                        asked.put("name", askName());
                    }
                    if (caps.hasRoots() && !call.responses().has("roots")) {
                        asked.put("roots", InputRequest.listRoots());
                    }
                    if (!asked.isEmpty()) {
                        return Outcome.inputRequired(asked, null);
                    }
                    return Outcome.complete(CallToolResult.of(TextContent.of("asked " + call.responses().keys().stream()
                            .sorted().toList())));
                })
                .tool(Tool.of("work_quietly", "Works 400 ms and asks nothing", Upstreams.NO_ARGS), call -> {
                    Thread.sleep(400);
                    return Outcome.complete(CallToolResult.of(TextContent.of("done")));
                })
                .tool(Tool.of("ask_forever", "Asks again after every answer", Upstreams.NO_ARGS), call -> {
                    long n = call.state() == null ? 0 : ((JsonNumber) call.state().get("n")).longValue();
                    return Outcome.inputRequired("q" + n, askName(), JsonObject.of("n", Json.of(n + 1)));
                })
                .prompt(Prompt.of("ask_prompt", "A prompt for the user it asks about"), get -> {
                    ElicitResult r = get.responses().elicitation("name");
                    if (r == null) {
                        return Outcome.inputRequired("name", askName(), null);
                    }
                    return Outcome.complete(new GetPromptResult("greeting", List.of(PromptMessage.user(greeting(r))), null));
                })
                .build();
    }

    private static InputRequest askName() {
        return InputRequest.elicit(ElicitRequest.form("What is your name?", NAME_FORM));
    }

    private static String greeting(ElicitResult r) {
        return switch (r.action()) {
            case ACCEPT -> "hello " + r.content().getString("name");
            case DECLINE -> "declined";
            case CANCEL -> "cancelled";
        };
    }

    /** Serves {@link #server()} on stdin and stdout until end of input. */
    public static void main(String[] args) throws Exception {
        new StdioTransport(server(), System.in, System.out).run();
    }
}
