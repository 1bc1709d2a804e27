package dev.switchboard.client;

import dev.switchboard.testkit.RecordingProxy;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.server.PromptHandler;
import dev.switchboard.server.ResourceHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link McpClient#listen} on MCP 2026-07-28 against our server: the request, typed delivery, closing. */
@Timeout(60)
class ListenTest {
    static final SubscriptionFilter ALL = new SubscriptionFilter(true, true, true, List.of(ChangingServer.A), null);

    private final ChangingServer server = new ChangingServer();

    @AfterEach
    void stop() {
        server.close();
    }

    static List<String> listenThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("mcp-client-listen")).toList();
    }

    static void awaitNoListenThreads() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!listenThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(listenThreads()).isEmpty();
    }

    @Test
    void sendsAListenRequestWithTheModernEnvelopeAndHeaders() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(server.endpoint());
             McpClient client = McpClient.builder(proxy.endpoint()).era(Era.MODERN).build();
             Subscription s = client.listen(ALL, new RecordingListener())) {
            assertThat(s.isConnected()).isTrue();
            RecordingProxy.Seen listen = proxy.seen("subscriptions/listen").getFirst();
            assertThat(listen.httpMethod()).isEqualTo("POST");
            assertThat(listen.header("Mcp-Method")).isEqualTo("subscriptions/listen");
            assertThat(listen.header("MCP-Protocol-Version")).isEqualTo(ProtocolVersion.V2026_07_28);
            assertThat(listen.header("Accept")).contains("text/event-stream");
            JsonObject params = listen.body().getObject("params");
            assertThat(params.getObject("_meta").getString(MetaKeys.PROTOCOL_VERSION)).isEqualTo(ProtocolVersion.V2026_07_28);
            assertThat(params.getObject("_meta").has(MetaKeys.CLIENT_CAPABILITIES)).isTrue();
            assertThat(params.getObject("notifications").toString())
                    .contains("\"toolsListChanged\":true", "\"resourceSubscriptions\":[\"test://a\"]");
        }
    }

    @Test
    void everyKindOfChangeArrivesTypedAfterTheAcknowledgement() throws Exception {
        RecordingListener events = new RecordingListener();
        try (McpClient client = McpClient.builder(server.endpoint()).build();
             Subscription s = client.listen(ALL, events)) {
            assertThat(s.honoured()).isEqualTo(ALL); // our server honours everything it has capabilities for
            server.addTool("added"); // right after listen() returned: the ack came first, so this is not lost
            assertThat(events.next()).isEqualTo("tools");
            server.server().addPrompt(Prompt.of("q", null),
                    PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("y"))));
            assertThat(events.next()).isEqualTo("prompts");
            server.server().addResource(Resource.of("test://c", "c", null),
                    ResourceHandler.of(r -> List.of(TextResourceContents.of(r.uri(), null, "c"))));
            assertThat(events.next()).isEqualTo("resources");
            server.server().resourceUpdated(ChangingServer.B); // not subscribed: the server filters it out
            server.server().resourceUpdated(ChangingServer.A);
            assertThat(events.next()).isEqualTo("updated " + ChangingServer.A);
            assertThat(events.within(100)).isEmpty();
        }
        assertThat(events.next()).isEqualTo("closed null");
    }

    @Test
    void onlyWhatWasAskedForIsDelivered() throws Exception {
        RecordingListener events = new RecordingListener();
        SubscriptionFilter prompts = new SubscriptionFilter(null, true, null, null, null);
        try (McpClient client = McpClient.builder(server.endpoint()).build();
             Subscription s = client.listen(prompts, events)) {
            assertThat(s.honoured().wantsToolsListChanged()).isFalse();
            server.addTool("ignored");
            server.server().addPrompt(Prompt.of("q", null),
                    PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("y"))));
            assertThat(events.next()).isEqualTo("prompts");
        }
    }

    @Test
    void severalSubscriptionsOfOneClientEachGetTheirOwnStream() throws Exception {
        RecordingListener one = new RecordingListener();
        RecordingListener two = new RecordingListener();
        try (McpClient client = McpClient.builder(server.endpoint()).build();
             Subscription a = client.listen(ALL, one);
             Subscription b = client.listen(ALL, two)) {
            server.addTool("added");
            assertThat(one.next()).isEqualTo("tools");
            assertThat(two.next()).isEqualTo("tools");
            a.close();
            assertThat(one.next()).isEqualTo("closed null");
            server.addTool("again");
            assertThat(two.next()).isEqualTo("tools");
            assertThat(one.within(100)).isEmpty();
            assertThat(b.isConnected()).isTrue();
        }
    }

    @Test
    void closingTheSubscriptionStopsItsThreadPromptlyAndTheClientStaysUsable() throws Exception {
        RecordingListener events = new RecordingListener();
        try (McpClient client = McpClient.builder(server.endpoint()).build()) {
            Subscription s = client.listen(ALL, events);
            assertThat(listenThreads()).hasSize(1);
            long start = System.nanoTime();
            s.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(listenThreads()).isEmpty();
            assertThat(s.isConnected()).isFalse();
            assertThat(events.next()).isEqualTo("closed null");
            s.close(); // idempotent
            server.addTool("after");
            assertThat(events.within(200)).isEmpty();
            assertThat(client.listAllTools()).isNotEmpty();
        }
    }

    @Test
    void closingTheClientClosesItsSubscriptionsAndLeavesNoThreads() throws Exception {
        RecordingListener events = new RecordingListener();
        McpClient client = McpClient.builder(server.endpoint()).build();
        Subscription s = client.listen(ALL, events);
        client.close();
        assertThat(events.next()).isEqualTo("closed null");
        assertThat(s.isConnected()).isFalse();
        awaitNoListenThreads();
        assertThatThrownBy(() -> client.listen(ALL, events)).isInstanceOfSatisfying(McpClientException.class,
                e -> assertThat(e.kind()).isEqualTo(McpClientException.Kind.CLOSED));
    }

    @Test
    void aListenerCanCloseItsSubscriptionFromACallback() throws Exception {
        RecordingListener events = new RecordingListener();
        try (McpClient client = McpClient.builder(server.endpoint()).build()) {
            Subscription s = client.listen(ALL, events);
            events.onEvent = e -> {
                if (e.equals("tools")) {
                    s.close();
                }
            };
            server.addTool("added");
            assertThat(events.next()).isEqualTo("tools");
            assertThat(events.next()).isEqualTo("closed null");
            awaitNoListenThreads();
        }
    }

    @Test
    void aListenerThatThrowsKeepsItsSubscription() throws Exception {
        RecordingListener events = new RecordingListener();
        events.onEvent = e -> {
            if (e.equals("tools")) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (McpClient client = McpClient.builder(server.endpoint()).build();
             Subscription s = client.listen(ALL, events)) {
            server.addTool("one");
            server.server().resourceUpdated(ChangingServer.A);
            assertThat(events.next()).isEqualTo("updated " + ChangingServer.A);
            assertThat(s.isConnected()).isTrue();
        }
    }

    @Test
    void aServerThatRefusesTheSubscriptionFailsListenAndNothingIsRetried() throws Exception {
        try (FakeServer fake = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.json(ex, 404,
                "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"error\":{\"code\":-32601,\"message\":\"no listen\"}}")));
             McpClient client = McpClient.builder(fake.endpoint()).reconnectBackoff(Duration.ofMillis(1),
                     Duration.ofMillis(2)).build()) {
            assertThatThrownBy(() -> client.listen(ALL, new RecordingListener()))
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND));
            awaitNoListenThreads();
            Thread.sleep(50);
            assertThat(fake.received("subscriptions/listen")).hasSize(1);
        }
    }
}
