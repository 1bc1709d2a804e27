package dev.switchboard.client;

import dev.switchboard.testkit.RecordingProxy;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.server.PromptHandler;
import dev.switchboard.server.ResourceHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link McpClient#listen} in the session era: the GET stream plus resources/subscribe. */
@Timeout(60)
class LegacyListenTest {
    static final SubscriptionFilter TOOLS = new SubscriptionFilter(true, null, null, null, null);
    static final SubscriptionFilter A_ONLY = new SubscriptionFilter(null, null, null, List.of(ChangingServer.A), null);

    private static McpClient legacy(java.net.URI endpoint) {
        return McpClient.builder(endpoint).era(Era.LEGACY)
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
    }

    private static long gets(RecordingProxy proxy) {
        return proxy.seen().stream().filter(s -> s.httpMethod().equals("GET") && s.status() == 200).count();
    }

    @Test
    void theGetStreamDeliversEveryChangeTypedAndResourcesAreSubscribedAndUnsubscribed() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ChangingServer server = new ChangingServer();
             RecordingProxy proxy = new RecordingProxy(server.endpoint());
             McpClient client = legacy(proxy.endpoint())) {
            Subscription s = client.listen(ListenTest.ALL, events);
            assertThat(s.honoured()).as("what the session's capabilities allow").isEqualTo(ListenTest.ALL);
            assertThat(proxy.seen("resources/subscribe")).singleElement()
                    .satisfies(r -> assertThat(r.body().getObject("params").getString("uri")).isEqualTo(ChangingServer.A));
            RecordingProxy.Seen get = proxy.seen().stream().filter(r -> r.httpMethod().equals("GET")).findFirst().orElseThrow();
            assertThat(get.header("Accept")).isEqualTo("text/event-stream");
            assertThat(get.header("Mcp-Session-Id")).isNotBlank();
            assertThat(proxy.seen("subscriptions/listen")).isEmpty();

            server.addTool("added");
            assertThat(events.next()).isEqualTo("tools");
            server.server().addPrompt(Prompt.of("q", null),
                    PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("y"))));
            assertThat(events.next()).isEqualTo("prompts");
            server.server().addResource(Resource.of("test://c", "c", null),
                    ResourceHandler.of(r -> List.of(TextResourceContents.of(r.uri(), null, "c"))));
            assertThat(events.next()).isEqualTo("resources");
            server.server().resourceUpdated(ChangingServer.B);
            server.server().resourceUpdated(ChangingServer.A);
            assertThat(events.next()).isEqualTo("updated " + ChangingServer.A);

            s.close();
            assertThat(events.next()).isEqualTo("closed null");
            assertThat(proxy.seen("resources/unsubscribe")).singleElement()
                    .satisfies(r -> assertThat(r.body().getObject("params").getString("uri")).isEqualTo(ChangingServer.A));
            ListenTest.awaitNoListenThreads();
        }
    }

    @Test
    void subscriptionsShareTheSessionsOneStreamAndEachGetsWhatItAskedFor() throws Exception {
        RecordingListener tools = new RecordingListener();
        RecordingListener resource = new RecordingListener();
        try (ChangingServer server = new ChangingServer();
             RecordingProxy proxy = new RecordingProxy(server.endpoint());
             McpClient client = legacy(proxy.endpoint())) {
            Subscription first = client.listen(TOOLS, tools);
            Subscription second = client.listen(A_ONLY, resource);
            assertThat(second.isConnected()).isTrue();
            assertThat(gets(proxy)).as("servers allow one GET stream per session").isEqualTo(1);
            assertThat(proxy.seen().stream().filter(r -> r.httpMethod().equals("GET"))).hasSize(1);
            server.addTool("added");
            server.server().resourceUpdated(ChangingServer.A);
            assertThat(tools.next()).isEqualTo("tools");
            assertThat(resource.next()).isEqualTo("updated " + ChangingServer.A);
            assertThat(tools.within(100)).isEmpty();
            assertThat(resource.within(0)).isEmpty();

            second.close();
            assertThat(resource.next()).isEqualTo("closed null");
            assertThat(proxy.seen("resources/unsubscribe")).hasSize(1);
            assertThat(first.isConnected()).as("the first still holds the stream").isTrue();
            server.addTool("again");
            assertThat(tools.next()).isEqualTo("tools");
            first.close();
            assertThat(tools.next()).isEqualTo("closed null");
            ListenTest.awaitNoListenThreads();

            // the last one closed the stream; a new one opens another (after 409s until the server notices)
            client.listen(TOOLS, tools).close();
            assertThat(gets(proxy)).isEqualTo(2);
        }
    }

    @Test
    void aCutGetStreamIsReopened() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ChangingServer server = new ChangingServer();
             RecordingProxy proxy = new RecordingProxy(server.endpoint());
             McpClient client = legacy(proxy.endpoint());
             Subscription s = client.listen(ListenTest.ALL, events)) {
            assertThat(proxy.dropStreams()).isEqualTo(1);
            assertThat(events.next()).startsWith("disconnected");
            // the server may still hold the old stream for a moment (409, retried) before it notices
            assertThat(events.next()).isEqualTo("reconnected");
            server.server().resourceUpdated(ChangingServer.A);
            assertThat(events.next()).isEqualTo("updated " + ChangingServer.A);
        }
    }

    @Test
    void aServerThatForgotTheSessionGetsANewOneSubscribedAgain() throws Exception {
        RecordingListener events = new RecordingListener();
        try (ChangingServer first = new ChangingServer();
             ChangingServer second = new ChangingServer();
             RecordingProxy proxy = new RecordingProxy(first.endpoint());
             McpClient client = legacy(proxy.endpoint());
             Subscription s = client.listen(A_ONLY, events)) {
            proxy.retarget(second.endpoint()); // a restarted server, with new keys: the session is unknown there
            proxy.dropStreams();
            assertThat(events.next()).startsWith("disconnected");
            assertThat(events.next()).isEqualTo("reconnected");
            assertThat(proxy.seen("initialize")).as("404, so initialized again").hasSize(2);
            assertThat(proxy.seen("resources/subscribe")).extracting(RecordingProxy.Seen::status)
                    .as("refused on the old session, then sent again on the new one").containsExactly(200, 404, 200);
            second.server().resourceUpdated(ChangingServer.A);
            assertThat(events.next()).isEqualTo("updated " + ChangingServer.A);
        }
    }

    static final String INIT = """
            {"protocolVersion":"2025-11-25","capabilities":{"tools":{"listChanged":true}},
             "serverInfo":{"name":"fake","version":"1"}}""";

    static final String INIT_SUBSCRIBE = """
            {"protocolVersion":"2025-11-25","capabilities":{"tools":{"listChanged":true},"resources":{"subscribe":true}},
             "serverInfo":{"name":"fake","version":"1"}}""";

    /** A session-era server answering initialize with {@code init}; its GET stream is {@code get}. */
    static FakeServer legacyFake(String init, FakeServer.Handler get) {
        return FakeServer.start((r, ex) -> {
            if ("GET".equals(r.httpMethod())) {
                get.handle(r, ex);
            } else if ("initialize".equals(r.method())) {
                ex.getResponseHeaders().set("Mcp-Session-Id", "s1");
                FakeServer.result(ex, r, init);
            } else if (r.body() != null && r.method() == null || "notifications/initialized".equals(r.method())) {
                FakeServer.status(ex, 202); // an answer posted back, or the handshake's end
            } else {
                FakeServer.result(ex, r, "{}");
            }
        });
    }

    @Test
    void whatTheCapabilitiesDoNotAllowIsNotAskedForAndServerRequestsOnTheStreamAreAnswered() throws Exception {
        RecordingListener events = new RecordingListener();
        try (FakeServer fake = legacyFake(INIT, (r, ex) -> {
            FakeServer.sse(ex, "{\"jsonrpc\":\"2.0\",\"id\":\"p1\",\"method\":\"ping\"}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"hi\"}}");
            fake(ex);
        });
             McpClient client = legacy(fake.endpoint());
             Subscription s = client.listen(ListenTest.ALL, events)) {
            assertThat(s.honoured()).isEqualTo(TOOLS);
            assertThat(events.next()).isEqualTo("tools");
            assertThat(events.next()).isEqualTo("other notifications/message");
            assertThat(fake.received("resources/subscribe")).as("the server cannot subscribe").isEmpty();
            assertThat(fake.received().stream().filter(r -> r.body() != null && Json.of("p1").equals(r.body().get("id"))
                    && r.body().has("result"))).as("ping answered").hasSize(1);
        }
    }

    private static void fake(com.sun.net.httpserver.HttpExchange ex) throws Exception {
        while (true) {
            Thread.sleep(20);
            ex.getResponseBody().write(":\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
        }
    }

    @Test
    void aServerWithoutAGetStreamFailsListenAndWhatWasSubscribedIsUndone() throws Exception {
        try (FakeServer fake = legacyFake(INIT_SUBSCRIBE, (r, ex) -> FakeServer.status(ex, 405));
             McpClient client = legacy(fake.endpoint())) {
            SubscriptionFilter toolsAndA = new SubscriptionFilter(true, null, null, List.of(ChangingServer.A), null);
            assertThatThrownBy(() -> client.listen(toolsAndA, new RecordingListener()))
                    .isInstanceOfSatisfying(McpClientException.class, e -> {
                        assertThat(e.kind()).isEqualTo(McpClientException.Kind.HTTP_STATUS);
                        assertThat(e.httpStatus()).isEqualTo(405);
                        assertThat(e.getMessage()).contains("offers none");
                    });
            ListenTest.awaitNoListenThreads();
            assertThat(client.era()).as("the client is still usable").isEqualTo(Era.LEGACY);
            assertThat(fake.received("resources/subscribe")).hasSize(1);
            assertThat(fake.received("resources/unsubscribe")).as("undone").hasSize(1);
        }
    }
}
