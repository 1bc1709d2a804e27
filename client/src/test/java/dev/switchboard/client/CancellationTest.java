package dev.switchboard.client;

import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stopping calls: a token, an interrupt, a timeout, closing the client. */
class CancellationTest extends DemoBehindProxy {

    static final CallToolRequest COUNT_TO_50 = CallToolRequest.of("count_slowly", JsonObject.of("n", Json.of(50)));

    /** Options that cancel {@code token} on the first progress report. */
    private static CallOptions cancelOnFirstProgress(CancellationToken token) {
        return CallOptions.builder().cancellation(token).onProgress(p -> token.cancel()).build();
    }

    @Test
    void aTokenCancelsAModernCallPromptly() {
        CancellationToken token = new CancellationToken();
        try (McpClient client = McpClient.builder(demo.endpoint()).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.callTool(COUNT_TO_50, cancelOnFirstProgress(token)))
                    .isInstanceOfSatisfying(McpClientException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
                        assertThat(e.getMessage()).contains("tools/call", "was cancelled");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            // the client stays usable
            assertThat(RealServers.text(client.callTool("echo", JsonObject.of("text", Json.of("after")))))
                    .isEqualTo("after");
        }
    }

    @Test
    void aTokenCancelsALegacyCallAndTellsTheServer() throws Exception {
        CancellationToken token = new CancellationToken();
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.LEGACY).build()) {
            assertThatThrownBy(() -> client.callTool(COUNT_TO_50, cancelOnFirstProgress(token)))
                    .isInstanceOfSatisfying(McpClientException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
            var call = proxy.seen().stream().filter(s -> "tools/call".equals(s.method())).reduce((a, b) -> b).orElseThrow();
            awaitSeen("notifications/cancelled");
            var cancelled = proxy.seen("notifications/cancelled").getLast();
            assertThat(cancelled.body().getObject("params").get("requestId")).isEqualTo(call.body().get("id"));
            assertThat(cancelled.body().getObject("params").getString("reason")).isEqualTo("cancelled");
            assertThat(cancelled.header("Mcp-Session-Id")).isEqualTo(call.header("Mcp-Session-Id"));
        }
    }

    @Test
    void aLegacyTimeoutAlsoTellsTheServer() throws Exception {
        int before = proxy.seen("notifications/cancelled").size();
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.LEGACY).build()) {
            client.listAllTools(); // handshake outside the short budget
            CallOptions quick = CallOptions.builder().timeout(Duration.ofMillis(250)).build();
            assertThatThrownBy(() -> client.callTool(COUNT_TO_50, quick))
                    .isInstanceOfSatisfying(McpClientException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        }
        assertThat(proxy.seen("notifications/cancelled")).hasSize(before + 1);
        assertThat(proxy.seen("notifications/cancelled").getLast().body().getObject("params").getString("reason"))
                .isEqualTo("timeout");
    }

    private static void awaitSeen(String method) throws InterruptedException {
        for (int i = 0; i < 100 && proxy.seen(method).isEmpty(); i++) {
            Thread.sleep(20);
        }
    }

    @Test
    void anAlreadyCancelledTokenSendsNothing() {
        CancellationToken token = new CancellationToken();
        token.cancel();
        int before = proxy.seen().size();
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.MODERN).build()) {
            assertThatThrownBy(() -> client.callTool(COUNT_TO_50, CallOptions.builder().cancellation(token).build()))
                    .isInstanceOfSatisfying(McpClientException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        }
        assertThat(proxy.seen()).hasSize(before);
    }

    @Test
    void interruptingTheCallingThreadCancelsAndKeepsTheInterrupt() throws Exception {
        try (McpClient client = McpClient.builder(demo.endpoint()).build();
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
            Future<?> f = executor.submit(() -> {
                try {
                    client.callTool(COUNT_TO_50, CallOptions.builder().onProgress(p -> started.countDown()).build());
                    interruptedAfter.completeExceptionally(new AssertionError("not cancelled"));
                } catch (McpClientException e) {
                    assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
                    interruptedAfter.complete(Thread.currentThread().isInterrupted());
                }
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            f.cancel(true);
            assertThat(interruptedAfter.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closingTheClientStopsCallsInFlight() throws Exception {
        McpClient client = McpClient.builder(demo.endpoint()).build();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch started = new CountDownLatch(1);
            Future<McpClientException> f = executor.submit(() -> {
                try {
                    client.callTool(COUNT_TO_50, CallOptions.builder().onProgress(p -> started.countDown()).build());
                    return null;
                } catch (McpClientException e) {
                    return e;
                }
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            client.close();
            McpClientException e = f.get(5, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.CLOSED);
        }
        assertThatThrownBy(client::listAllTools).isInstanceOfSatisfying(McpClientException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CLOSED));
        client.close(); // idempotent
    }
}
