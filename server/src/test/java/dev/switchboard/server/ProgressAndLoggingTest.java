package dev.switchboard.server;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.isError;
import static dev.switchboard.server.Rpc.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Request-scoped {@code notifications/progress} and {@code notifications/message}. */
class ProgressAndLoggingTest {
    private final AtomicReference<RequestContext> context = new AtomicReference<>();

    private McpServer running(Consumer<RequestContext> body) {
        return McpServer.builder("t", "1").tool(Rpc.textTool("work"), ToolHandler.of(call -> {
            context.set(call.context());
            body.accept(call.context());
            return CallToolResult.of();
        })).build();
    }

    private static Request work(String extraMetaJson) {
        return request(1, "tools/call", "{\"name\":\"work\",\"_meta\":{" + extraMetaJson + "}}");
    }

    private static List<Double> progressValues(RecordingSink sink) {
        return sink.named("notifications/progress").stream()
                .map(n -> ((JsonNumber) n.params().get("progress")).doubleValue()).toList();
    }

    // ---- progress -----------------------------------------------------------------------

    @Test
    void sendsProgressWithTheRequestsToken() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(running(ctx -> {
            ctx.progress(1, 3.0, "one");
            ctx.progress(2, 3.0, null);
        }), work("\"progressToken\":\"tok-1\""), "anonymous", sink);
        List<Notification> sent = sink.named("notifications/progress");
        assertThat(sent).hasSize(2);
        JsonObject first = sent.getFirst().params();
        assertThat(first.get("progressToken")).isEqualTo(Json.of("tok-1"));
        assertThat(first.get("progress")).isEqualTo(JsonNumber.of(1));
        assertThat(first.get("total")).isEqualTo(JsonNumber.of(3));
        assertThat(first.getString("message")).isEqualTo("one");
        assertThat(sent.get(1).params().has("message")).isFalse();
    }

    @Test
    void echoesAnIntegerTokenAsAnInteger() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(running(ctx -> ctx.progress(1, null, null)), work("\"progressToken\":42"), "anonymous", sink);
        JsonObject params = sink.named("notifications/progress").getFirst().params();
        assertThat(params.get("progressToken")).isEqualTo(JsonNumber.of(42));
        assertThat(params.has("total")).isFalse();
    }

    @Test
    void sendsNoProgressWithoutAToken() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(running(ctx -> {
            ctx.progress(1, null, null);
            ctx.progress(2, null, null);
        }), work(""), "anonymous", sink);
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void dropsProgressThatDoesNotStrictlyIncrease() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(running(ctx -> {
            ctx.progress(1, null, null);
            ctx.progress(1, null, null);
            ctx.progress(0.5, null, null);
            ctx.progress(1.25, null, null);
            ctx.progress(-3, null, null);
            ctx.progress(7, null, null);
        }), work("\"progressToken\":\"t\""), "anonymous", sink);
        assertThat(progressValues(sink)).containsExactly(1.0, 1.25, 7.0);
    }

    @Test
    void acceptsFractionalAndNegativeStartingProgress() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(running(ctx -> {
            ctx.progress(-1, null, null);
            ctx.progress(0, null, null);
            ctx.progress(0.001, null, null);
        }), work("\"progressToken\":\"t\""), "anonymous", sink);
        assertThat(progressValues(sink)).containsExactly(-1.0, 0.0, 0.001);
    }

    @Test
    void aNonFiniteProgressIsDroppedAndDoesNotBreakTheOrder() throws Exception {
        RecordingSink sink = new RecordingSink();
        JsonObject result = handle(running(ctx -> {
            ctx.progress(5, null, null);
            ctx.progress(Double.NaN, null, null);
            ctx.progress(1, null, null);
            ctx.progress(Double.POSITIVE_INFINITY, null, null);
            ctx.progress(6, null, null);
        }), work("\"progressToken\":\"t\""), "anonymous", sink);
        assertThat(isError(result)).as("reporting progress never fails the tool").isFalse();
        assertThat(progressValues(sink)).containsExactly(5.0, 6.0);
    }

    @Test
    void sendsNoProgressAfterTheResult() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(running(ctx -> ctx.progress(1, null, null)), work("\"progressToken\":\"t\""), "anonymous", sink);
        context.get().progress(2, null, null);
        assertThat(progressValues(sink)).containsExactly(1.0);
    }

    @Test
    void sendsNoProgressAfterTheResultEvenWhenTheToolFailed() throws Exception {
        RecordingSink sink = new RecordingSink();
        McpServer server = McpServer.builder("t", "1").tool(Rpc.textTool("work"), ToolHandler.of(call -> {
            context.set(call.context());
            throw new IllegalStateException("boom");
        })).build();
        handle(server, work("\"progressToken\":\"t\""), "anonymous", sink);
        context.get().progress(1, null, null);
        context.get().log(LoggingLevel.ERROR, null, Json.of("late"));
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void sendsNoProgressOnceCancelled() throws Exception {
        RecordingSink sink = new RecordingSink();
        CancellationSignal signal = new CancellationSignal();
        handle(running(ctx -> {
            ctx.progress(1, null, null);
            signal.cancel();
            ctx.progress(2, null, null);
            ctx.log(LoggingLevel.ERROR, null, Json.of("x"));
        }), Rpc.withMeta(work("\"progressToken\":\"t\""), MetaKeys.LOG_LEVEL, Json.of("debug")), "anonymous", sink, signal);
        assertThat(progressValues(sink)).containsExactly(1.0);
        assertThat(sink.named("notifications/message")).isEmpty();
    }

    // ---- logging ------------------------------------------------------------------------

    @Test
    void sendsLogsAtOrAboveTheRequestedLevel() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(running(ctx -> {
            ctx.log(LoggingLevel.DEBUG, "db", Json.of("d"));
            ctx.log(LoggingLevel.INFO, "db", Json.of("i"));
            ctx.log(LoggingLevel.WARNING, "db", Json.of("w"));
            ctx.log(LoggingLevel.EMERGENCY, null, JsonObject.of("code", Json.of(1)));
        }), work("\"io.modelcontextprotocol/logLevel\":\"warning\""), "anonymous", sink);
        List<Notification> logs = sink.named("notifications/message");
        assertThat(logs).extracting(n -> n.params().getString("level")).containsExactly("warning", "emergency");
        assertThat(logs.getFirst().params().getString("logger")).isEqualTo("db");
        assertThat(logs.getFirst().params().get("data")).isEqualTo(Json.of("w"));
        assertThat(logs.get(1).params().has("logger")).isFalse();
        assertThat(logs.get(1).params().get("data")).isEqualTo(JsonObject.of("code", Json.of(1)));
    }

    @Test
    void sendsEveryLevelWhenDebugIsRequested() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(running(ctx -> {
            for (LoggingLevel l : LoggingLevel.values()) {
                ctx.log(l, null, Json.of(l.wire()));
            }
        }), work("\"io.modelcontextprotocol/logLevel\":\"debug\""), "anonymous", sink);
        assertThat(sink.named("notifications/message")).hasSize(LoggingLevel.values().length);
    }

    @Test
    void sendsNoLogsWithoutALogLevel() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(running(ctx -> {
            for (LoggingLevel l : LoggingLevel.values()) {
                ctx.log(l, null, Json.of("x"));
            }
        }), work(""), "anonymous", sink);
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void tellsTheHandlerWhatWouldBeLogged() throws Exception {
        AtomicReference<List<Boolean>> loggable = new AtomicReference<>();
        handle(running(ctx -> loggable.set(List.of(ctx.isLoggable(LoggingLevel.INFO),
                ctx.isLoggable(LoggingLevel.NOTICE), ctx.isLoggable(LoggingLevel.ALERT)))),
                work("\"io.modelcontextprotocol/logLevel\":\"notice\""));
        assertThat(loggable.get()).containsExactly(false, true, true);
        handle(running(ctx -> loggable.set(List.of(ctx.isLoggable(LoggingLevel.EMERGENCY)))), work(""));
        assertThat(loggable.get()).containsExactly(false);
    }

    @Test
    void sendsNoLogsAfterTheResult() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(running(ctx -> ctx.log(LoggingLevel.INFO, null, Json.of("during"))),
                work("\"io.modelcontextprotocol/logLevel\":\"info\""), "anonymous", sink);
        context.get().log(LoggingLevel.ERROR, null, Json.of("after"));
        assertThat(sink.named("notifications/message")).extracting(n -> n.params().get("data"))
                .containsExactly(Json.of("during"));
    }

    @Test
    void interleavesProgressAndLogsInTheOrderSent() throws Exception {
        RecordingSink sink = new RecordingSink();
        handle(running(ctx -> {
            ctx.progress(1, 2.0, null);
            ctx.log(LoggingLevel.INFO, null, Json.of("half"));
            ctx.progress(2, 2.0, null);
        }), work("\"progressToken\":\"t\",\"io.modelcontextprotocol/logLevel\":\"info\""), "anonymous", sink);
        assertThat(sink.methods()).containsExactly("notifications/progress", "notifications/message", "notifications/progress");
    }

    @Test
    void aClosedSinkDoesNotFailTheHandler() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.close();
        JsonObject result = handle(running(ctx -> {
            ctx.progress(1, null, null);
            ctx.log(LoggingLevel.ERROR, null, Json.of("x"));
        }), work("\"progressToken\":\"t\",\"io.modelcontextprotocol/logLevel\":\"info\""), "anonymous", sink);
        assertThat(isError(result)).isFalse();
        assertThat(sink.all()).isEmpty();
    }
}
