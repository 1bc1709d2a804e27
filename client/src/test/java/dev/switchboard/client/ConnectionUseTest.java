package dev.switchboard.client;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.tools.CallToolRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How calls use HTTP connections: JSON answers read to their end leave the connection to the next
 * call (a gateway forwards every call over its upstream's pool), and a caller slow to consume its
 * own event stream holds up no other call (the response listeners run on Jetty's selector).
 */
class ConnectionUseTest {

    @Test
    void sequentialJsonCallsReuseOneConnection() {
        Set<Integer> ports = ConcurrentHashMap.newKeySet();
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> {
            if ("tools/call".equals(r.method())) {
                ports.add(ex.getRemoteAddress().getPort());
            }
            FakeServer.result(ex, r, "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}");
        }));
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN).build()) {
            for (int i = 0; i < 20; i++) {
                assertThat(client.callTool("t", null).content()).hasSize(1);
            }
        }
        // Jetty returns a connection to its pool just after the caller has its result, so the next
        // call may now and then find it still busy and open a second one; never one per call
        assertThat(ports).as("client ports of 20 sequential calls").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aCallerBlockedInItsStreamsListenerDoesNotHoldUpAnotherCall() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> {
            if ("slow".equals(r.params().getString("name"))) {
                // one log line, then the result: the caller's listener blocks on the first
                FakeServer.sse(ex, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":"
                                + "{\"level\":\"info\",\"data\":\"wait\"}}",
                        "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"result\":{\"content\":[]}}");
            } else {
                FakeServer.result(ex, r, "{\"content\":[{\"type\":\"text\",\"text\":\"fast\"}]}");
            }
        }));
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN)
                     .requestTimeout(Duration.ofSeconds(10)).build()) {
            CountDownLatch blocked = new CountDownLatch(1);
            CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> client.callTool(
                    CallToolRequest.of("slow", JsonObject.EMPTY), CallOptions.builder().onLog(LoggingLevel.INFO, l -> {
                        blocked.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }).build()), r -> Thread.ofVirtual().start(r));
            assertThat(blocked.await(5, TimeUnit.SECONDS)).as("the slow call's listener runs").isTrue();
            for (int i = 0; i < 5; i++) {
                assertThat(client.callTool("fast", JsonObject.of("i", Json.of(i))).content()).hasSize(1);
            }
            assertThat(slow).isNotDone();
            release.countDown();
            slow.get(5, TimeUnit.SECONDS);
        }
    }
}
