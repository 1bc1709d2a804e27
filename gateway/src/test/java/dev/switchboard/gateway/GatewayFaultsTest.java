package dev.switchboard.gateway;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.testkit.interop.NodeScripts;
import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.gateway.pinning.PinMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Upstreams that hang, overflow, die, lie or never come up, and what the gateway's clients see. */
@Timeout(60)
class GatewayFaultsTest {

    /** A gateway with {@code upstreams}, served over HTTP, and a client of it; closed together. */
    record Rig(Gateway gateway, McpHttpServer front, McpClient client) implements AutoCloseable {
        static Rig of(UpstreamConfig... upstreams) throws Exception {
            Gateway.Builder b = Gateway.builder("test/gateway", "1.0").startupWait(Duration.ofSeconds(10))
                    .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(400));
            for (UpstreamConfig u : upstreams) {
                b.upstream(u);
            }
            Gateway g = b.start();
            McpHttpServer front = McpHttpServer.builder(g.server()).port(0).health(g::health).start();
            return new Rig(g, front, McpClient.builder(front.endpoint()).era(Era.MODERN).build());
        }

        UpstreamStatus status(String name) {
            return gateway.upstreams().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        }

        @Override
        public void close() {
            client.close();
            front.close();
            gateway.close();
        }
    }

    static String text(CallToolResult r) {
        return ((TextContent) r.content().getFirst()).text();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    static ErrorResponseException errorOf(Runnable call) {
        try {
            call.run();
        } catch (ErrorResponseException e) {
            return e;
        }
        throw new AssertionError("expected a JSON-RPC error");
    }

    @Test
    void aHangingUpstreamTimesOutNamingItAndTheOthersAreUnaffected() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Upstreams.Running alpha = Upstreams.start(Upstreams.alpha(release));
             Upstreams.Running beta = Upstreams.start(Upstreams.beta());
             Rig rig = Rig.of(UpstreamConfig.http("alpha", alpha.endpoint()).withPrefix("")
                             .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)),
                     UpstreamConfig.http("beta", beta.endpoint()))) {
            CompletableFuture<ErrorResponseException> hung = CompletableFuture.supplyAsync(() ->
                    errorOf(() -> rig.client().callTool("hang", JsonObject.EMPTY)));
            long start = System.nanoTime();
            assertThat(text(rig.client().callTool("beta__add", JsonObject.of("a", Json.of(1), "b", Json.of(2))))).isEqualTo("3");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            ErrorResponseException e = hung.get();
            assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
            assertThat(e.getMessage()).contains("Upstream alpha did not answer tools/call \"hang\" within 1000 ms");
            assertThat(e.data().toString()).contains("\"upstream\":\"alpha\"");
            // one timeout does not condemn the upstream
            assertThat(text(rig.client().callTool("echo", JsonObject.of("text", Json.of("still here"))))).isEqualTo("alpha:still here");
            assertThat(rig.status("alpha").health()).isEqualTo(UpstreamStatus.Health.HEALTHY);
        } finally {
            release.countDown();
        }
    }

    @Test
    void anUpstreamFloodingNotificationsSlowsOnlyItsOwnCallerAndNothingPilesUp() throws Exception {
        int flood = 20_000;
        java.util.concurrent.atomic.AtomicInteger announced = new java.util.concurrent.atomic.AtomicInteger();
        McpServer[] self = new McpServer[1];
        McpServer noisy = McpServer.builder("test/noisy", "1.0")
                .tool(dev.switchboard.protocol.tools.Tool.of("flood", "Logs a lot, then answers", JsonObject.of("type", Json.of("object"))),
                        ToolHandler.of(call -> {
                            for (int i = 0; i < flood; i++) {
                                call.context().log(dev.switchboard.protocol.logging.LoggingLevel.INFO, "noisy", Json.of("line " + i));
                            }
                            for (int i = 0; i < 500; i++) { // and the catalog changes all the time
                                int n = announced.incrementAndGet();
                                self[0].addTool(dev.switchboard.protocol.tools.Tool.of("t" + n, "Added in a burst",
                                        JsonObject.of("type", Json.of("object"))), ToolHandler.of(c -> CallToolResult.of(TextContent.of("t" + n))));
                            }
                            return CallToolResult.of(TextContent.of("flooded"));
                        }))
                .build();
        self[0] = noisy;
        try (Upstreams.Running loud = Upstreams.start(noisy);
             Upstreams.Running beta = Upstreams.start(Upstreams.beta());
             Rig rig = Rig.of(UpstreamConfig.http("noisy", loud.endpoint()).withPinning(PinMode.WARN), // new tools served at once
                     UpstreamConfig.http("beta", beta.endpoint()))) {
            java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();
            CompletableFuture<CallToolResult> flooding = CompletableFuture.supplyAsync(() -> rig.client().callTool(
                    dev.switchboard.protocol.tools.CallToolRequest.of("noisy__flood", JsonObject.EMPTY),
                    dev.switchboard.client.CallOptions.builder().onLog(dev.switchboard.protocol.logging.LoggingLevel.INFO,
                            m -> heard.incrementAndGet()).build()));
            long worst = 0;
            int served = 0;
            while (!flooding.isDone()) {
                long start = System.nanoTime();
                served++;
                assertThat(text(rig.client().callTool("beta__add", JsonObject.of("a", Json.of(1), "b", Json.of(2))))).isEqualTo("3");
                worst = Math.max(worst, System.nanoTime() - start);
            }
            assertThat(text(flooding.get(30, java.util.concurrent.TimeUnit.SECONDS))).isEqualTo("flooded");
            assertThat(heard).as("each log line relayed to the one caller that asked").hasValue(flood);
            // bounds for a loaded 2-core machine: the point is that they are served meanwhile, not after the flood
            assertThat(served).as("other callers are served meanwhile").isGreaterThanOrEqualTo(3);
            assertThat(Duration.ofNanos(worst)).isLessThan(Duration.ofSeconds(5));
            assertThat(announced).hasValue(500);
            // 500 list_changed in a burst: the gateway ends up serving the last catalog
            await("the last tool of the burst is served", () -> {
                try {
                    return text(rig.client().callTool("noisy__t500", JsonObject.EMPTY)).equals("t500");
                } catch (ErrorResponseException e) {
                    return false;
                }
            });
            assertThat(rig.status("noisy").health()).isEqualTo(UpstreamStatus.Health.HEALTHY);
        }
    }

    @Test
    void callsOverTheConcurrencyLimitWaitBrieflyThenGetAClearError() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Upstreams.Running alpha = Upstreams.start(Upstreams.alpha(release));
             Rig rig = Rig.of(UpstreamConfig.http("alpha", alpha.endpoint()).withPrefix("")
                     .withConcurrency(1, Duration.ofMillis(200)))) {
            CompletableFuture<CallToolResult> first = CompletableFuture.supplyAsync(() ->
                    rig.client().callTool("hang", JsonObject.EMPTY));
            Thread.sleep(300); // let the first call take the only slot
            ErrorResponseException e = errorOf(() -> rig.client().callTool("echo", JsonObject.of("text", Json.of("x"))));
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains("Upstream alpha has 1 requests in flight, its limit");
            release.countDown();
            assertThat(text(first.get())).isEqualTo("released");
            assertThat(text(rig.client().callTool("echo", JsonObject.of("text", Json.of("y"))))).isEqualTo("alpha:y");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aResultOverTheSizeCapIsRefusedNamingTheUpstream() throws Exception {
        try (Upstreams.Running alpha = Upstreams.start(Upstreams.alpha(new CountDownLatch(0)));
             Rig rig = Rig.of(UpstreamConfig.http("alpha", alpha.endpoint()).withPrefix("").withMaxResultBytes(1024 * 1024))) {
            ErrorResponseException e = errorOf(() -> rig.client().callTool("big", JsonObject.EMPTY));
            assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
            assertThat(e.getMessage()).contains("Upstream alpha answered tools/call \"big\" with an invalid response",
                    "exceeds the limit of 1048576 bytes");
            assertThat(text(rig.client().callTool("echo", JsonObject.of("text", Json.of("small"))))).isEqualTo("alpha:small");
        }
    }

    @Test
    void anUpstreamDownAtStartIsReportedThenJoinsWhenItComesUpAndIsMarkedWhenItDies() throws Exception {
        McpServer betaServer = Upstreams.beta();
        Upstreams.Running probe = Upstreams.start(betaServer);
        int port = probe.http().port();
        probe.http().close(); // the port is known and nothing listens there now
        try (Upstreams.Running alpha = Upstreams.start(Upstreams.alpha(new CountDownLatch(0)));
             Rig rig = Rig.of(UpstreamConfig.http("alpha", alpha.endpoint()),
                     UpstreamConfig.http("beta", URI.create("http://127.0.0.1:" + port + "/mcp"))
                             .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)))) {
            assertThat(rig.status("beta").health()).isEqualTo(UpstreamStatus.Health.UNHEALTHY);
            assertThat(rig.status("beta").reason()).startsWith("cannot connect");
            assertThat(rig.gateway().health().getString("status")).isEqualTo("degraded");
            assertThat(rig.client().listAllTools()).extracting(Tool::name).contains("alpha__echo").noneMatch(n -> n.startsWith("beta"));
            assertThat(text(rig.client().callTool("alpha__echo", JsonObject.of("text", Json.of("up"))))).isEqualTo("alpha:up");

            McpHttpServer revived = McpHttpServer.builder(betaServer).port(port).start();
            try {
                await("beta is healthy", () -> rig.status("beta").health() == UpstreamStatus.Health.HEALTHY);
                await("beta's tools are served", () -> rig.client().listAllTools().stream().anyMatch(t -> t.name().equals("beta__add")));
                assertThat(text(rig.client().callTool("beta__add", JsonObject.of("a", Json.of(2), "b", Json.of(2))))).isEqualTo("4");
            } finally {
                revived.close();
            }

            ErrorResponseException e = errorOf(() -> rig.client().callTool("beta__add", JsonObject.of("a", Json.of(1), "b", Json.of(1))));
            assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
            assertThat(e.getMessage()).contains("Upstream beta");
            await("beta is unhealthy", () -> rig.status("beta").health() == UpstreamStatus.Health.UNHEALTHY);
            assertThat(rig.status("beta").restarts()).isEqualTo(1);
            // its definitions stay (names do not shift), marked; calls fail at once; alpha is fine
            await("beta's tools are marked", () -> rig.client().listAllTools().stream()
                    .filter(t -> t.name().equals("beta__add"))
                    .anyMatch(t -> t.meta().getObject("dev.switchboard/upstream").toString().contains("unhealthy")));
            long start = System.nanoTime();
            ErrorResponseException again = errorOf(() -> rig.client().callTool("beta__add", JsonObject.of("a", Json.of(1), "b", Json.of(1))));
            assertThat(again.getMessage()).contains("Upstream beta is unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            assertThat(text(rig.client().callTool("alpha__echo", JsonObject.of("text", Json.of("fine"))))).isEqualTo("alpha:fine");
        } finally {
            betaServer.close();
        }
    }

    /**
     * An upstream whose answer to {@code big} is 100 MB on the wire (streamed, never held in memory
     * here): everything else is passed through to a real upstream. The gateway reads at most its
     * cap, then aborts the exchange.
     */
    @Test
    void aHundredMegabyteAnswerIsCutAtTheCapWithAClearErrorAndTheRestIsNeverRead() throws Exception {
        long hundredMb = 100L * 1024 * 1024;
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        CountDownLatch streamed = new CountDownLatch(1);
        try (Upstreams.Running alpha = Upstreams.start(Upstreams.alpha(new CountDownLatch(0)))) {
            java.net.http.HttpClient pass = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            HttpServer flood = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            flood.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            flood.createContext("/mcp", exchange -> {
                byte[] request = exchange.getRequestBody().readAllBytes();
                JsonObject message = (JsonObject) dev.switchboard.protocol.codec.Wire.parse(request);
                JsonObject params = message.getObject("params");
                if ("tools/call".equals(message.getString("method")) && params != null && "big".equals(params.getString("name"))) {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, 0); // chunked: no length to refuse it by
                    try (var out = exchange.getResponseBody()) {
                        out.write(("{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id")
                                + ",\"result\":{\"resultType\":\"complete\",\"content\":[{\"type\":\"text\",\"text\":\"")
                                .getBytes(StandardCharsets.UTF_8));
                        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
                        while (written.get() < hundredMb) {
                            out.write(chunk);
                            written.addAndGet(chunk.length);
                        }
                        out.write("\"}]}}".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        // the gateway hung up: what it was meant to do
                    } finally {
                        streamed.countDown();
                    }
                    return;
                }
                if ("subscriptions/listen".equals(message.getString("method"))) { // this proxy passes whole answers only
                    byte[] none = ("{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id")
                            + ",\"error\":{\"code\":-32601,\"message\":\"no listen here\"}}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(404, none.length);
                    exchange.getResponseBody().write(none);
                    exchange.close();
                    return;
                }
                java.net.http.HttpRequest.Builder forward = java.net.http.HttpRequest.newBuilder(alpha.endpoint())
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(request));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    String lower = name.toLowerCase(java.util.Locale.ROOT);
                    if (lower.equals("content-type") || lower.equals("accept") || lower.startsWith("mcp-")) {
                        values.forEach(v -> forward.header(name, v));
                    }
                });
                try {
                    var reply = pass.send(forward.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                    reply.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().add("Content-Type", t));
                    exchange.sendResponseHeaders(reply.statusCode(), reply.body().length == 0 ? -1 : reply.body().length);
                    exchange.getResponseBody().write(reply.body());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    exchange.close();
                }
            });
            flood.start();
            try (Rig rig = Rig.of(UpstreamConfig.http("flood", URI.create("http://127.0.0.1:" + flood.getAddress().getPort() + "/mcp"))
                    .withEra(Era.MODERN).withPrefix("").withMaxResultBytes(1024 * 1024))) {
                ErrorResponseException e = errorOf(() -> rig.client().callTool("big", JsonObject.EMPTY));
                assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                assertThat(e.getMessage()).contains("Upstream flood answered tools/call \"big\" with an invalid response",
                        "exceeds the limit of 1048576 bytes");
                assertThat(streamed.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("the upstream stopped writing").isTrue();
                assertThat(written.get()).as("bytes the upstream got to write before the gateway hung up")
                        .isLessThan(hundredMb / 2);
                assertThat(text(rig.client().callTool("echo", JsonObject.of("text", Json.of("still here")))))
                        .isEqualTo("alpha:still here");
            } finally {
                flood.stop(0);
            }
        }
    }

    @Test
    void anUpstreamAnsweringMalformedJsonIsRefusedWithALogLineNamingIt() throws Exception {
        HttpServer garbage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        garbage.createContext("/mcp", exchange -> {
            byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{not json".getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        garbage.start();
        try (LogRecorder log = new LogRecorder();
             Upstreams.Running alpha = Upstreams.start(Upstreams.alpha(new CountDownLatch(0)));
             Rig rig = Rig.of(UpstreamConfig.http("garbage", URI.create("http://127.0.0.1:" + garbage.getAddress().getPort() + "/mcp"))
                             .withEra(Era.MODERN),
                     UpstreamConfig.http("alpha", alpha.endpoint()))) {
            assertThat(rig.status("garbage").health()).isEqualTo(UpstreamStatus.Health.UNHEALTHY);
            assertThat(log.lines).anySatisfy(l -> assertThat(l).startsWith("WARNING upstream garbage is unhealthy: cannot connect:"));
            assertThat(text(rig.client().callTool("alpha__echo", JsonObject.of("text", Json.of("ok"))))).isEqualTo("alpha:ok");
        } finally {
            garbage.stop(0);
        }
    }

    @Test
    void aToolWithAnInvalidNameIsRefusedAndGarbageOnStdoutIsSkipped() throws Exception {
        try (LogRecorder log = new LogRecorder();
             Rig rig = Rig.of(UpstreamConfig.stdio("liar", List.of(NodeScripts.prepare().node().toString(), resource("liar-server.mjs")))
                     .withEra(Era.LEGACY).withPrefix(""))) {
            assertThat(rig.status("liar").health()).isEqualTo(UpstreamStatus.Health.HEALTHY);
            assertThat(rig.client().listAllTools()).extracting(Tool::name).containsExactly("good", "stats");
            assertThat(log.lines).anySatisfy(l -> assertThat(l)
                    .isEqualTo("WARNING upstream liar: refused tool \"bad name!\": a tool name must be 1 to 128 characters of A-Z a-z 0-9 _ - ."));
            assertThat(text(rig.client().callTool("good", JsonObject.EMPTY))).isEqualTo("good answer");
        }
    }

    @Test
    void aResultThatBreaksItsOwnOutputSchemaIsRefusedNamingTheUpstream() throws Exception {
        try (Rig rig = Rig.of(UpstreamConfig.stdio("liar", List.of(NodeScripts.prepare().node().toString(), resource("liar-server.mjs")))
                .withEra(Era.LEGACY).withPrefix(""))) {
            ErrorResponseException e = errorOf(() -> rig.client().callTool("stats", JsonObject.EMPTY));
            assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
            assertThat(e.getMessage()).contains("Upstream liar answered tools/call \"stats\" with structuredContent that "
                    + "does not match the tool's outputSchema", "count");
            assertThat(text(rig.client().callTool("good", JsonObject.EMPTY))).isEqualTo("good answer");
        }
    }

    /** A test resource as a file path. */
    private static String resource(String name) {
        try {
            return java.nio.file.Path.of(GatewayFaultsTest.class.getResource("/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
