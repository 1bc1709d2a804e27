package dev.switchboard.client;

import com.sun.net.httpserver.HttpExchange;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Session-era streams: a call's stream that ends early is resumed (SEP-1699), the standalone GET
 * stream carries server requests outside calls; and the modern {@code -32022} retry.
 */
class StreamResumptionTest {
    private static final String INIT = """
            {"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"fake","version":"1"}}""";

    /** A session-era server: initialize and initialized, then {@code rest}. */
    private static FakeServer.Handler legacy(FakeServer.Handler rest) {
        return (r, ex) -> {
            if ("initialize".equals(r.method())) {
                ex.getResponseHeaders().set("Mcp-Session-Id", "s1");
                FakeServer.result(ex, r, INIT);
            } else if ("notifications/initialized".equals(r.method())) {
                FakeServer.status(ex, 202);
            } else {
                rest.handle(r, ex);
            }
        };
    }

    private static OutputStream openSse(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        return ex.getResponseBody();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void resumesAStreamThatEndedEarlyAfterTheRetryDelayWithLastEventId() {
        AtomicLong closedAt = new AtomicLong();
        AtomicLong getAt = new AtomicLong();
        CompletableFuture<Json> callId = new CompletableFuture<>();
        try (FakeServer server = FakeServer.start(legacy((r, ex) -> {
            if ("tools/call".equals(r.method())) {
                callId.complete(r.id());
                OutputStream out = openSse(ex);
                write(out, "id: ev-1\nretry: 300\ndata: \n\n");
                closedAt.set(System.nanoTime()); // the exchange closes on return: the stream ends without a response
            } else if ("GET".equals(r.httpMethod())) {
                getAt.set(System.nanoTime());
                OutputStream out = openSse(ex);
                write(out, "id: ev-2\ndata: {\"jsonrpc\":\"2.0\",\"id\":" + callId.getNow(null)
                        + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"resumed\"}]}}\n\n");
            } else {
                FakeServer.status(ex, 405);
            }
        })); McpClient client = McpClient.builder(server.endpoint()).era(Era.LEGACY).build()) {
            CallToolResult r = client.callTool("slow", JsonObject.EMPTY);
            assertThat(RealServers.text(r)).isEqualTo("resumed");
            FakeServer.Received get = server.received().stream().filter(x -> x.httpMethod().equals("GET")).findFirst().orElseThrow();
            assertThat(get.header("Last-Event-ID")).isEqualTo("ev-1");
            assertThat(get.header("Mcp-Session-Id")).isEqualTo("s1");
            assertThat(get.header("Accept")).isEqualTo("text/event-stream");
            assertThat(TimeUnit.NANOSECONDS.toMillis(getAt.get() - closedAt.get())).isGreaterThanOrEqualTo(280);
        }
    }

    @Test
    void aStreamWithoutEventIdsCannotBeResumed() {
        try (FakeServer server = FakeServer.start(legacy((r, ex) -> {
            OutputStream out = openSse(ex);
            write(out, "data: \n\n");
        })); McpClient client = McpClient.builder(server.endpoint()).era(Era.LEGACY).build()) {
            assertThatThrownBy(() -> client.callTool("slow", JsonObject.EMPTY))
                    .hasMessageContaining("ended without a response");
            assertThat(server.received()).noneMatch(x -> x.httpMethod().equals("GET"));
        }
    }

    @Test
    void theSessionStreamDeliversServerRequestsOutsideCalls() {
        BlockingQueue<String> toGetStream = new ArrayBlockingQueue<>(4);
        CompletableFuture<JsonObject> answered = new CompletableFuture<>();
        try (FakeServer server = FakeServer.start(legacy((r, ex) -> {
            if ("GET".equals(r.httpMethod())) {
                OutputStream out = openSse(ex);
                write(out, ": open\n\n");
                String event;
                while ((event = toGetStream.poll(10, TimeUnit.SECONDS)) != null) {
                    write(out, event);
                }
            } else if ("tools/call".equals(r.method())) {
                toGetStream.add("id: g1\ndata: {\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"elicitation/create\",\"params\":"
                        + "{\"message\":\"name?\",\"requestedSchema\":{\"type\":\"object\",\"properties\":{\"name\":"
                        + "{\"type\":\"string\",\"default\":\"Ada\"}}}}}\n\n");
                JsonObject answer = answered.get(10, TimeUnit.SECONDS);
                FakeServer.result(ex, r, "{\"content\":[{\"type\":\"text\",\"text\":\"" + answer.getObject("result")
                        .getObject("content").getString("name") + "\"}]}");
            } else if (r.body() != null && r.body().has("result")) {
                answered.complete(r.body());
                FakeServer.status(ex, 202);
            } else {
                FakeServer.status(ex, 404);
            }
        })); McpClient client = McpClient.builder(server.endpoint()).era(Era.LEGACY).sessionStream(true)
                .elicitation(req -> ElicitResult.accept(JsonObject.of("name",
                        req.requestedSchema().getObject("properties").getObject("name").get("default"))))
                .build()) {
            assertThat(RealServers.text(client.callTool("ask", JsonObject.EMPTY))).isEqualTo("Ada");
            FakeServer.Received answer = server.received().stream().filter(x -> x.body() != null && x.body().has("result"))
                    .findFirst().orElseThrow();
            assertThat(answer.header("Mcp-Session-Id")).isEqualTo("s1");
            assertThat(answer.id()).isEqualTo(Json.of(77));
        }
    }

    @Test
    void aServerWithoutASessionStreamIsFine() {
        try (FakeServer server = FakeServer.start(legacy((r, ex) -> {
            if ("GET".equals(r.httpMethod())) {
                FakeServer.status(ex, 405);
            } else {
                FakeServer.result(ex, r, "{\"tools\":[]}");
            }
        })); McpClient client = McpClient.builder(server.endpoint()).era(Era.LEGACY).sessionStream(true).build()) {
            assertThat(client.listAllTools()).isEmpty();
            assertThat(server.received().stream().filter(x -> x.httpMethod().equals("GET")).count()).isEqualTo(1);
        }
    }

    @Test
    void retriesOnceWhenTheServerRejectsTheVersionItSupports() {
        AtomicLong requests = new AtomicLong();
        try (FakeServer server = FakeServer.start((r, ex) -> {
            if (requests.incrementAndGet() == 1) {
                FakeServer.json(ex, 400, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"error\":{\"code\":-32022,\"message\":"
                        + "\"Unsupported protocol version\",\"data\":{\"supported\":[\"2026-07-28\"],\"requested\":\"x\"}}}");
            } else {
                FakeServer.result(ex, r, "{\"resultType\":\"complete\",\"tools\":[]}");
            }
        }); McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN).build()) {
            assertThat(client.listAllTools()).isEmpty();
            var lists = server.received("tools/list");
            assertThat(lists).hasSize(2);
            assertThat(lists.get(0).id()).isNotEqualTo(lists.get(1).id());
        }
    }
}
