package dev.switchboard.gateway;

import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.ResourceHandler;
import dev.switchboard.server.ToolCall;
import dev.switchboard.server.tasks.TaskPolicy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * An upstream whose tools run as tasks: {@code slow} works 300 ms, {@code ask} goes
 * {@code input_required} for a name, {@code named} asks a name before its task exists,
 * {@code stuck} works until cancelled (counting down
 * {@link #cancelled} when interrupted), {@code quick} is an optional task tool; and a resource
 * {@code mem://status} whose updates it announces.
 */
final class Worker {
    static volatile CountDownLatch cancelled = new CountDownLatch(1);

    private Worker() {
    }

    static McpServer server() {
        TaskPolicy fast = TaskPolicy.required().pollInterval(Duration.ofMillis(50));
        return McpServer.builder("test/worker", "1.0")
                .tool(Tool.of("slow", "Works 300 ms, then echoes", Upstreams.TEXT_ARG), call -> {
                    Thread.sleep(300);
                    return Outcome.complete(CallToolResult.of(TextContent.of("done:" + call.arguments().getString("text"))));
                }, fast)
                .tool(Tool.of("ask", "Asks for a name during the task", Upstreams.NO_ARGS), call -> {
                    ElicitResult r = call.responses().elicitation("name");
                    if (r == null) {
                        return Outcome.inputRequired("name", InputRequest.elicit(
                                ElicitRequest.form("What is your name?", Asker.NAME_FORM)), null);
                    }
                    return Outcome.complete(CallToolResult.of(TextContent.of("hello " + r.content().getString("name"))));
                }, fast)
                .tool(Tool.of("named", "Asks who it is for before its task starts, then greets them from the task",
                        Upstreams.NO_ARGS), call -> Outcome.complete(CallToolResult.of(TextContent.of(
                        call.state().has("name") ? "hello " + call.state().getString("name") : "declined"))),
                        fast.beforeTask(Worker::askWho))
                .tool(Tool.of("stuck", "Works until cancelled", Upstreams.NO_ARGS), call -> {
                    try {
                        Thread.sleep(Duration.ofMinutes(5));
                    } catch (InterruptedException e) {
                        cancelled.countDown();
                        throw e;
                    }
                    return Outcome.complete(CallToolResult.of(TextContent.of("never")));
                }, fast)
                // optional task tools: a session-era upstream runs them synchronously, the gateway as its own tasks
                .tool(Tool.of("greet", "Asks for a name, then greets", Upstreams.NO_ARGS), call -> {
                    ElicitResult r = call.responses().elicitation("name");
                    if (r == null) {
                        return Outcome.inputRequired("name", InputRequest.elicit(
                                ElicitRequest.form("What is your name?", Asker.NAME_FORM)), null);
                    }
                    return Outcome.complete(CallToolResult.of(TextContent.of("hello " + r.content().getString("name"))));
                }, TaskPolicy.optional())
                .tool(Tool.of("linger", "Works until cancelled", Upstreams.NO_ARGS), call -> {
                    try {
                        Thread.sleep(Duration.ofMinutes(5));
                    } catch (InterruptedException e) {
                        cancelled.countDown();
                        throw e;
                    }
                    return Outcome.complete(CallToolResult.of(TextContent.of("never")));
                }, TaskPolicy.optional())
                .tool(Tool.of("chatty", "Logs at debug, info and warning, then answers", Upstreams.NO_ARGS), call -> {
                    call.context().log(LoggingLevel.DEBUG, "worker", Json.of("debug line"));
                    call.context().log(LoggingLevel.INFO, "worker", Json.of("info line"));
                    call.context().log(LoggingLevel.WARNING, "worker", Json.of("warning line"));
                    return Outcome.complete(CallToolResult.of(TextContent.of("chatted")));
                })
                .tool(Tool.of("quick", "Answers at once", Upstreams.NO_ARGS), call ->
                        Outcome.complete(CallToolResult.of(TextContent.of("quick"))), TaskPolicy.optional())
                .resource(Resource.of("mem://status", "status", "text/plain"), ResourceHandler.of(read ->
                        List.of(TextResourceContents.of(read.uri(), "text/plain", "ok"))))
                .build();
    }

    /**
     * The synchronous step of {@code named}: asks under the key {@code who}, with a state of its
     * own that the answer must come back with (so a gateway that dropped it fails the call).
     */
    private static Outcome<JsonObject> askWho(ToolCall call) {
        ElicitResult r = call.responses().elicitation("who");
        if (r == null) {
            return Outcome.inputRequired("who", InputRequest.elicit(ElicitRequest.form("Who is it for?", Asker.NAME_FORM)),
                    JsonObject.of("asked", Json.of(true)));
        }
        if (call.state() == null || !call.state().has("asked")) {
            throw new McpException(ErrorCode.INVALID_PARAMS, "the answer came back without this server's requestState");
        }
        return Outcome.complete(r.action() == ElicitResult.Action.ACCEPT
                ? JsonObject.of("name", Json.of(r.content().getString("name"))) : JsonObject.EMPTY);
    }
}
