package dev.switchboard.client;

import dev.switchboard.testkit.RecordingProxy;
import com.sun.net.httpserver.HttpExchange;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A listen stream that breaks is reopened with backoff, the listener told of both; what cannot be fixed ends it. */
@Timeout(60)
class ListenReconnectTest {
    static final SubscriptionFilter TOOLS = new SubscriptionFilter(true, null, null, null, null);

    private static McpClient.Builder fastRetries(java.net.URI endpoint) {
        return McpClient.builder(endpoint).era(Era.MODERN).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
    }

    /** The acknowledgement of listen request {@code r}. */
    static String ack(FakeServer.Received r) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/subscriptions/acknowledged\",\"params\":{\"_meta\":"
                + "{\"io.modelcontextprotocol/subscriptionId\":" + r.id() + "},\"notifications\":{\"toolsListChanged\":true}}}";
    }

    /** A fake server answering its n-th listen request (from 1) with {@code script}. */
    interface Script {
        void answer(int n, FakeServer.Received r, HttpExchange ex) throws Exception;
    }

    static FakeServer scripted(Script script) {
        AtomicInteger listens = new AtomicInteger();
        return FakeServer.start(FakeServer.modern((r, ex) -> script.answer(listens.incrementAndGet(), r, ex)));
    }

    @Test
    void aStreamCutByTheNetworkIsReopenedAndDeliveryResumes() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ChangingServer server = new ChangingServer();
             RecordingProxy proxy = new RecordingProxy(server.endpoint());
             McpClient client = fastRetries(proxy.endpoint()).build();
             Subscription s = client.listen(TOOLS, events)) {
            assertThat(proxy.dropStreams()).isEqualTo(1);
            assertThat(events.next()).isEqualTo("disconnected INVALID_RESPONSE"); // it ended without its result
            assertThat(events.next()).isEqualTo("reconnected");
            assertThat(s.isConnected()).isTrue();
            server.addTool("after");
            assertThat(events.next()).isEqualTo("tools");
            List<RecordingProxy.Seen> listens = proxy.seen("subscriptions/listen");
            assertThat(listens).hasSize(2);
            assertThat(listens.get(1).body().get("id")).as("a new request, a new id").isNotEqualTo(listens.get(0).body().get("id"));
        }
    }

    @Test
    void aServerRestartedOnTheSamePortIsListenedToAgain() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ChangingServer server = new ChangingServer();
             McpClient client = fastRetries(server.endpoint()).build();
             Subscription s = client.listen(TOOLS, events)) {
            server.stop(); // a graceful end: the completion result, then nothing listens on the port
            assertThat(events.next()).isEqualTo("disconnected TRANSPORT");
            // while it shuts down it may accept and end listens again; once down, refusals are retried quietly
            List<String> meanwhile = events.within(300);
            assertThat(meanwhile).allMatch(e -> e.equals("reconnected") || e.startsWith("disconnected"));
            assertThat(meanwhile.isEmpty() || meanwhile.getLast().startsWith("disconnected")).isTrue();
            assertThat(s.isConnected()).isFalse();
            server.restart();
            assertThat(events.next()).isEqualTo("reconnected");
            server.addTool("after");
            assertThat(events.next()).isEqualTo("tools");
        }
    }

    @Test
    void retryableFailuresAreRetriedUntilTheStreamIsBack() throws Exception {
        RecordingListener events = new RecordingListener();
        try (FakeServer fake = scripted((n, r, ex) -> {
            switch (n) {
                case 1 -> FakeServer.sse(ex, ack(r), "{\"jsonrpc\":\"2.0\",\"id\":" + r.id()
                        + ",\"result\":{\"resultType\":\"complete\",\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":"
                        + r.id() + "}}}");
                case 2 -> FakeServer.status(ex, 503);
                case 3 -> FakeServer.json(ex, 429, "");
                default -> {
                    FakeServer.sse(ex, ack(r), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tasks\",\"params\":"
                            + "{\"taskId\":\"t1\",\"status\":\"working\"}}");
                    fakeHang(ex);
                }
            }
        });
             McpClient client = fastRetries(fake.endpoint()).build();
             Subscription s = client.listen(TOOLS, events)) {
            assertThat(events.next()).isEqualTo("disconnected TRANSPORT");
            assertThat(events.next()).isEqualTo("reconnected");
            assertThat(events.next()).as("kinds the client has no method for are not dropped")
                    .isEqualTo("other notifications/tasks");
            assertThat(fake.received("subscriptions/listen")).hasSize(4);
            assertThat(s.honoured().wantsToolsListChanged()).isTrue();
        }
    }

    /** Keeps an SSE response open until the client leaves. */
    private static void fakeHang(HttpExchange ex) throws Exception {
        while (true) {
            Thread.sleep(20);
            ex.getResponseBody().write(":\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
        }
    }

    @Test
    void aFailureRetryingCannotFixEndsTheSubscription() throws Exception {
        RecordingListener events = new RecordingListener();
        try (FakeServer fake = scripted((n, r, ex) -> {
            if (n == 1) {
                FakeServer.sse(ex, ack(r)); // then the stream ends without its result
            } else {
                FakeServer.json(ex, 404, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id()
                        + ",\"error\":{\"code\":-32601,\"message\":\"listen is gone\"}}");
            }
        });
             McpClient client = fastRetries(fake.endpoint()).build();
             Subscription s = client.listen(TOOLS, events)) {
            assertThat(events.next()).isEqualTo("disconnected INVALID_RESPONSE");
            assertThat(events.next()).isEqualTo("closed ERROR_RESPONSE");
            assertThat(events.closeCause.getMessage()).contains("listen is gone");
            ListenTest.awaitNoListenThreads();
            assertThat(s.isConnected()).isFalse();
            assertThat(fake.received("subscriptions/listen")).hasSize(2);
        }
    }

    @Test
    void closingWhileWaitingToReconnectIsImmediate() throws Exception {
        RecordingListener events = new RecordingListener();
        try (FakeServer fake = scripted((n, r, ex) -> FakeServer.sse(ex, ack(r)));
             McpClient client = McpClient.builder(fake.endpoint()).era(Era.MODERN)
                     .reconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(60)).build()) {
            Subscription s = client.listen(TOOLS, events);
            assertThat(events.next()).isEqualTo("disconnected INVALID_RESPONSE");
            long start = System.nanoTime();
            s.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(events.next()).isEqualTo("closed null");
            ListenTest.awaitNoListenThreads();
            assertThat(fake.received("subscriptions/listen")).hasSize(1);
        }
    }

    @Test
    void aServerThatNeverAcknowledgesFailsListenWithinTheRequestTimeout() throws Exception {
        try (FakeServer fake = scripted((n, r, ex) -> {
            FakeServer.sse(ex);
            fakeHang(ex);
        });
             McpClient client = fastRetries(fake.endpoint()).requestTimeout(Duration.ofMillis(300)).build()) {
            assertThatThrownBy(() -> client.listen(TOOLS, new RecordingListener()))
                    .isInstanceOfSatisfying(McpClientException.class,
                            e -> assertThat(e.kind()).isEqualTo(McpClientException.Kind.TIMEOUT));
            ListenTest.awaitNoListenThreads();
        }
    }

    @Test
    void anOpenStreamOutlivesTheRequestTimeout() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ChangingServer server = new ChangingServer();
             McpClient client = fastRetries(server.endpoint()).requestTimeout(Duration.ofMillis(200)).build();
             Subscription s = client.listen(TOOLS, events)) {
            assertThat(events.within(400)).isEmpty();
            assertThat(s.isConnected()).isTrue();
            server.addTool("late");
            assertThat(events.next()).isEqualTo("tools");
        }
    }
}
