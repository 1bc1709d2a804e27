package dev.switchboard.server.stdio;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Rpc;
import dev.switchboard.server.ToolHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The stdio transport over in-memory pipes: one JSON-RPC message per line each way. */
class StdioTransportTest {
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private final LineInput stdin = new LineInput();
    private final LineOutput stdout = new LineOutput();
    private final CountDownLatch blockerStarted = new CountDownLatch(1);
    private final AtomicBoolean blockerSawCancellation = new AtomicBoolean();
    private final CountDownLatch spinnerStarted = new CountDownLatch(1);
    private Thread runner;
    private StdioTransport transport;

    private final McpServer server = Rpc.echoServer()
            .tool(Rpc.textTool("block"), ToolHandler.of(call -> {
                blockerStarted.countDown();
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    blockerSawCancellation.set(call.context().cancellation().isCancelled());
                    throw e;
                }
                return CallToolResult.of();
            }))
            .tool(Rpc.textTool("stubborn"), ToolHandler.of(call -> {
                spinnerStarted.countDown();
                while (!call.context().cancellation().isCancelled()) {
                    Thread.onSpinWait();
                }
                return CallToolResult.of(); // finishes normally although it was cancelled
            }))
            .tool(Rpc.textTool("ask"), call -> {
                var answer = call.responses().elicitation("who");
                if (answer == null) {
                    return dev.switchboard.server.Outcome.inputRequired("who", dev.switchboard.protocol.mrtr.InputRequest.elicit(
                            dev.switchboard.protocol.elicitation.ElicitRequest.form("Who?", (JsonObject) Wire.parse(
                                    "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"))), null);
                }
                return dev.switchboard.server.Outcome.complete(CallToolResult.of(
                        dev.switchboard.protocol.content.TextContent.of("hi " + answer.content().getString("name"))));
            })
            .tool(Rpc.textTool("steps"), ToolHandler.of(call -> {
                call.context().progress(1, 2.0, null);
                call.context().progress(2, 2.0, null);
                return CallToolResult.of();
            }))
            .build();

    private void start() {
        transport = new StdioTransport(server, stdin, stdout);
        runner = Thread.ofVirtual().start(() -> {
            try {
                transport.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (transport != null) {
            transport.close();
        }
        stdin.end();
        if (runner != null) {
            runner.join(5000);
        }
        server.close();
    }

    private void endAndWait() throws InterruptedException {
        stdin.end();
        runner.join(5000);
        assertThat(runner.isAlive()).as("run() returns at end of input").isFalse();
    }

    private static String call(Object id, String tool, String argsJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + Wire.toText(id instanceof String s ? Json.of(s) : JsonNumber.of(((Number) id).longValue()))
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + argsJson + "," + META + "}}";
    }

    @Test
    void answersAToolsCall() throws Exception {
        start();
        stdin.send(call(1, "echo", "{\"text\":\"hello\"}"));
        JsonObject response = stdout.next();
        assertThat(response.getString("jsonrpc")).isEqualTo("2.0");
        assertThat(response.get("id")).isEqualTo(JsonNumber.of(1));
        JsonObject result = response.getObject("result");
        assertThat(result.getString("resultType")).isEqualTo("complete");
        assertThat(Rpc.text(result)).isEqualTo("hello");
    }

    @Test
    void servesASessionEraClientThatStartsWithInitialize() throws Exception {
        start();
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{\"elicitation\":{}},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}");
        JsonObject init = stdout.next().getObject("result");
        assertThat(init.getString("protocolVersion")).isEqualTo("2025-06-18");
        stdin.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"text\":\"old\"}}}");
        JsonObject echoed = stdout.next().getObject("result");
        assertThat(Rpc.text(echoed)).isEqualTo("old");
        assertThat(echoed.has("resultType")).as("session-era shape").isFalse();
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"arguments\":{}}}");
        JsonObject question = stdout.next();
        assertThat(question.getString("method")).isEqualTo("elicitation/create");
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":" + question.get("id") + ",\"result\":{\"action\":\"accept\","
                + "\"content\":{\"name\":\"Lin\"}}}");
        assertThat(Rpc.text(stdout.next().getObject("result"))).isEqualTo("hi Lin");
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}");
        assertThat(stdout.next().getObject("result")).isEqualTo(JsonObject.EMPTY);
    }

    @Test
    void keepsAStringIdsType() throws Exception {
        start();
        stdin.send(call("abc", "echo", "{\"text\":\"x\"}"));
        assertThat(stdout.next().get("id")).isEqualTo(Json.of("abc"));
    }

    @Test
    void answersAParseErrorWithANullId() throws Exception {
        start();
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":1,");
        JsonObject response = stdout.next();
        assertThat(response.has("id")).isTrue();
        assertThat(response.get("id")).isEqualTo(JsonNull.INSTANCE);
        assertThat(response.getObject("error").get("code")).isEqualTo(JsonNumber.of(ErrorCode.PARSE_ERROR));
    }

    @Test
    void keepsServingAfterAParseError() throws Exception {
        start();
        stdin.send("not json at all");
        stdin.send(call(2, "echo", "{\"text\":\"still here\"}"));
        assertThat(stdout.next().getObject("error")).isNotNull();
        assertThat(Rpc.text(stdout.next().getObject("result"))).isEqualTo("still here");
    }

    @Test
    void answersAnInvalidEnvelopeWithItsId() throws Exception {
        start();
        stdin.send("{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"tools/list\"}");
        JsonObject response = stdout.next();
        assertThat(response.get("id")).isEqualTo(JsonNumber.of(5));
        assertThat(response.getObject("error").get("code")).isEqualTo(JsonNumber.of(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void answersABatchWithInvalidRequest() throws Exception {
        start();
        stdin.send("[" + call(1, "echo", "{}") + "]");
        JsonObject response = stdout.next();
        assertThat(response.get("id")).isEqualTo(JsonNull.INSTANCE);
        assertThat(response.getObject("error").get("code")).isEqualTo(JsonNumber.of(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void answersAMissingMetaWithInvalidParams() throws Exception {
        start();
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{}}");
        JsonObject response = stdout.next();
        assertThat(response.get("id")).isEqualTo(JsonNumber.of(3));
        assertThat(response.getObject("error").get("code")).isEqualTo(JsonNumber.of(ErrorCode.INVALID_PARAMS));
    }

    @Test
    void answersAnUnsupportedVersionWithTheSupportedList() throws Exception {
        start();
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"v999.0.0\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}");
        JsonObject error = stdout.next().getObject("error");
        assertThat(error.get("code")).isEqualTo(JsonNumber.of(ErrorCode.UNSUPPORTED_PROTOCOL_VERSION));
        assertThat(error.getObject("data").getString("requested")).isEqualTo("v999.0.0");
    }

    @Test
    void answersAnUnknownMethodWithMethodNotFound() throws Exception {
        start();
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\",\"params\":{" + META + "}}");
        assertThat(stdout.next().getObject("error").get("code")).isEqualTo(JsonNumber.of(ErrorCode.METHOD_NOT_FOUND));
    }

    @Test
    void writesProgressBeforeTheResponse() throws Exception {
        start();
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"steps\","
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{},\"progressToken\":\"p\"}}}");
        assertThat(stdout.next().getString("method")).isEqualTo("notifications/progress");
        assertThat(stdout.next().getString("method")).isEqualTo("notifications/progress");
        assertThat(stdout.next().get("id")).isEqualTo(JsonNumber.of(7));
    }

    @Test
    void skipsBlankLinesAndIgnoresClientResponsesAndOtherNotifications() throws Exception {
        start();
        stdin.send("");
        stdin.send("   ");
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}");
        stdin.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        stdin.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":12345}}");
        stdin.send(call(8, "echo", "{\"text\":\"after\"}"));
        JsonObject response = stdout.next();
        assertThat(response.get("id")).isEqualTo(JsonNumber.of(8));
        endAndWait();
        assertThat(stdout.all()).hasSize(1);
    }

    @Test
    void cancelledNotificationCancelsAnInFlightCall() throws Exception {
        start();
        stdin.send(call(10, "block", "{}"));
        assertThat(blockerStarted.await(5, TimeUnit.SECONDS)).isTrue();
        stdin.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":10,\"reason\":\"user\"}}");
        stdin.send(call(11, "echo", "{\"text\":\"next\"}"));
        JsonObject next = stdout.next();
        assertThat(next.get("id")).isEqualTo(JsonNumber.of(11));
        endAndWait();
        assertThat(blockerSawCancellation).isTrue();
        assertThat(stdout.all()).noneMatch(m -> JsonNumber.of(10).equals(m.get("id")));
    }

    @Test
    void cancellationMatchesTheIdsJsonType() throws Exception {
        start();
        stdin.send(call(10, "block", "{}"));
        assertThat(blockerStarted.await(5, TimeUnit.SECONDS)).isTrue();
        stdin.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"10\"}}");
        stdin.send(call(11, "echo", "{\"text\":\"next\"}"));
        assertThat(stdout.next().get("id")).isEqualTo(JsonNumber.of(11));
        assertThat(blockerSawCancellation).as("a string id does not cancel a numeric one").isFalse();
    }

    @Test
    void sendsNothingForACancelledCallThatFinishesAnyway() throws Exception {
        start();
        stdin.send(call(20, "stubborn", "{}"));
        assertThat(spinnerStarted.await(5, TimeUnit.SECONDS)).isTrue();
        stdin.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":20}}");
        endAndWait();
        assertThat(stdout.all()).noneMatch(m -> JsonNumber.of(20).equals(m.get("id")));
    }

    @Test
    void endOfInputAnswersWhatIsInFlightBeforeReturning() throws Exception {
        start();
        stdin.send(call(30, "echo", "{\"text\":\"piped\"}"));
        endAndWait();
        assertThat(stdout.next().toString()).contains("piped");
    }

    @Test
    void closeCancelsWhatIsStillRunning() throws Exception {
        start();
        stdin.send(call(31, "block", "{}"));
        assertThat(blockerStarted.await(5, TimeUnit.SECONDS)).isTrue();
        transport.close();
        endAndWait();
        assertThat(blockerSawCancellation).isTrue();
        assertThat(stdout.all()).isEmpty();
    }

    @Test
    void endOfInputEndsAListenStream() throws Exception {
        start();
        stdin.send("{\"jsonrpc\":\"2.0\",\"id\":\"L\",\"method\":\"subscriptions/listen\",\"params\":{" + META
                + ",\"notifications\":{\"toolsListChanged\":true}}}");
        JsonObject ack = stdout.next();
        assertThat(ack.getString("method")).isEqualTo("notifications/subscriptions/acknowledged");
        server.addTool(Rpc.textTool("late"), Rpc.echo());
        assertThat(stdout.next().getString("method")).isEqualTo("notifications/tools/list_changed");
        endAndWait();
    }

    @Test
    void answersRequestsConcurrently() throws Exception {
        start();
        stdin.send(call(40, "block", "{}"));
        assertThat(blockerStarted.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            stdin.send(call(41 + i, "echo", "{\"text\":\"" + i + "\"}"));
        }
        List<Json> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(stdout.next().get("id"));
        }
        assertThat(ids).containsExactlyInAnyOrder(JsonNumber.of(41), JsonNumber.of(42), JsonNumber.of(43),
                JsonNumber.of(44), JsonNumber.of(45));
    }

    @Test
    void writesOneMessagePerLine() throws Exception {
        start();
        stdin.send(call(50, "echo", "{\"text\":\"multi\\nline\"}"));
        JsonObject response = stdout.next();
        assertThat(Rpc.text(response.getObject("result"))).isEqualTo("multi\nline");
        endAndWait();
        assertThat(stdout.rawLines()).hasSize(1);
    }

    // ---- pipes -----------------------------------------------------------------------------

    /** stdin: lines handed over by the test, end of input on {@link #end()}. */
    private static final class LineInput extends InputStream {
        private static final byte[] EOF = new byte[0];
        private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        void send(String line) {
            chunks.add((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        void end() {
            chunks.add(EOF);
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            if (ended) {
                return -1;
            }
            while (pos >= current.length) {
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
                pos = 0;
                if (current == EOF) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** stdout: each complete line parsed as a JSON object. */
    private static final class LineOutput extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final BlockingQueue<JsonObject> unread = new LinkedBlockingQueue<>();
        private final List<JsonObject> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<String> raw = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                raw.add(text);
                JsonObject o = (JsonObject) Wire.parse(text);
                all.add(o);
                unread.add(o);
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        JsonObject next() throws InterruptedException {
            JsonObject o = unread.poll(5, TimeUnit.SECONDS);
            if (o == null) {
                throw new AssertionError("no message on stdout within 5 s; so far: " + all);
            }
            return o;
        }

        List<JsonObject> all() {
            return List.copyOf(all);
        }

        List<String> rawLines() {
            return List.copyOf(raw);
        }
    }
}
