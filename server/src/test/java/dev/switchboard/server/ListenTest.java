package dev.switchboard.server;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.state.embedded.InProcessEventBus;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.server.internal.ListenHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.request;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code subscriptions/listen}: acknowledgement, filtering, subscription ids, and how streams end. */
class ListenTest {
    private static final String ALL = "{\"notifications\":{\"toolsListChanged\":true,\"promptsListChanged\":true,"
            + "\"resourcesListChanged\":true,\"resourceSubscriptions\":[\"test://a\"]}}";

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final McpServer server = full(McpServer.builder("t", "1")).build();

    private static McpServer.Builder full(McpServer.Builder b) {
        return b.tool(Rpc.textTool("echo"), Rpc.echo())
                .prompt(Prompt.of("p", null), PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("x"))))
                .resource(Resource.of("test://a", "a", null),
                        ResourceHandler.of(r -> List.of(TextResourceContents.of(r.uri(), null, "a"))));
    }

    @AfterEach
    void stop() {
        server.close();
        threads.shutdownNow();
    }

    /** A listen stream being served on its own thread. */
    private record Stream(Future<JsonObject> result, RecordingSink sink, CancellationSignal signal) {
    }

    private Stream listen(McpServer on, Object id, String paramsJson) throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        CancellationSignal signal = new CancellationSignal();
        Request r = request(id, "subscriptions/listen", paramsJson);
        Future<JsonObject> f = threads.submit(() -> Rpc.handle(on, r, "anonymous", sink, signal));
        return new Stream(f, sink, signal);
    }

    private static Throwable failure(Future<?> f) throws Exception {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the stream ended with a result");
    }

    @Test
    void acknowledgesFirstWithTheHonouredFilterAndStringSubscriptionId() throws Exception {
        Stream s = listen(server, "listen-1", ALL);
        Notification ack = s.sink().next();
        assertThat(ack.method()).isEqualTo("notifications/subscriptions/acknowledged");
        assertThat(ack.params().getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(Json.of("listen-1"));
        assertThat(ack.params().getObject("notifications")).isEqualTo(Rpc.json(ALL).getObject("notifications"));
    }

    @Test
    void echoesANumericIdAsANumber() throws Exception {
        Stream s = listen(server, 7, ALL);
        Notification ack = s.sink().next();
        assertThat(ack.params().getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(JsonNumber.of(7));
        server.addTool(Rpc.textTool("more"), Rpc.echo());
        Notification changed = s.sink().next();
        assertThat(changed.params().getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(JsonNumber.of(7));
        server.close();
        JsonObject result = s.result().get(5, TimeUnit.SECONDS);
        assertThat(result.getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(JsonNumber.of(7));
    }

    @Test
    void deliversEachOptedInKindTaggedWithTheSubscriptionId() throws Exception {
        Stream s = listen(server, "L", ALL);
        s.sink().next();
        server.addTool(Rpc.textTool("t2"), Rpc.echo());
        server.addPrompt(Prompt.of("p2", null), PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("x"))));
        server.addResource(Resource.of("test://b", "b", null), ResourceHandler.of(r -> List.of()));
        server.resourceUpdated("test://a");
        List<Notification> got = List.of(s.sink().next(), s.sink().next(), s.sink().next(), s.sink().next());
        assertThat(got).extracting(Notification::method).containsExactly(
                "notifications/tools/list_changed", "notifications/prompts/list_changed",
                "notifications/resources/list_changed", "notifications/resources/updated");
        for (Notification n : got) {
            assertThat(n.params().getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(Json.of("L"));
        }
        assertThat(got.get(3).params().getString("uri")).isEqualTo("test://a");
    }

    @Test
    void sendsOnlyTheKindsTheClientOptedInto() throws Exception {
        Stream s = listen(server, "L", "{\"notifications\":{\"toolsListChanged\":true}}");
        Notification ack = s.sink().next();
        assertThat(ack.params().getObject("notifications")).isEqualTo(JsonObject.of("toolsListChanged", Json.of(true)));
        server.addPrompt(Prompt.of("p2", null), PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("x"))));
        server.resourceUpdated("test://a");
        server.addResource(Resource.of("test://b", "b", null), ResourceHandler.of(r -> List.of()));
        server.addTool(Rpc.textTool("t2"), Rpc.echo());
        assertThat(s.sink().next().method()).isEqualTo("notifications/tools/list_changed");
        assertThat(s.sink().isExhausted()).isTrue();
    }

    @Test
    void falseMeansNotSubscribed() throws Exception {
        Stream s = listen(server, "L", "{\"notifications\":{\"toolsListChanged\":false,\"promptsListChanged\":true}}");
        Notification ack = s.sink().next();
        assertThat(ack.params().getObject("notifications")).isEqualTo(JsonObject.of("promptsListChanged", Json.of(true)));
        server.addTool(Rpc.textTool("t2"), Rpc.echo());
        server.removePrompt("p");
        assertThat(s.sink().next().method()).isEqualTo("notifications/prompts/list_changed");
    }

    @Test
    void sendsResourceUpdatesOnlyForSubscribedUris() throws Exception {
        Stream s = listen(server, "L", "{\"notifications\":{\"resourceSubscriptions\":[\"test://a\",\"test://c\"]}}");
        s.sink().next();
        server.resourceUpdated("test://other");
        server.resourceUpdated("test://c");
        server.resourceUpdated("test://a");
        assertThat(s.sink().next().params().getString("uri")).isEqualTo("test://c");
        assertThat(s.sink().next().params().getString("uri")).isEqualTo("test://a");
    }

    @Test
    void removingAnUnknownToolOrPromptNotifiesNobody() throws Exception {
        Stream s = listen(server, "L", ALL);
        s.sink().next();
        assertThat(server.removeTool("nope")).isFalse();
        assertThat(server.removePrompt("nope")).isFalse();
        server.removeTool("echo");
        assertThat(s.sink().next().method()).isEqualTo("notifications/tools/list_changed");
        assertThat(s.sink().isExhausted()).isTrue();
    }

    @Test
    void dropsKindsTheServerCannotHonour() throws Exception {
        McpServer toolsOnly = Rpc.echoServer().build();
        try {
            Stream s = listen(toolsOnly, "L", ALL);
            Notification ack = s.sink().next();
            assertThat(ack.params().getObject("notifications")).isEqualTo(JsonObject.of("toolsListChanged", Json.of(true)));
            toolsOnly.resourceUpdated("test://a");
            toolsOnly.addTool(Rpc.textTool("t2"), Rpc.echo());
            assertThat(s.sink().next().method()).isEqualTo("notifications/tools/list_changed");
        } finally {
            toolsOnly.close();
        }
    }

    @Test
    void anEmptyFilterIsAcknowledgedAsEmpty() throws Exception {
        Stream s = listen(server, "L", "{\"notifications\":{}}");
        Notification ack = s.sink().next();
        assertThat(ack.params().getObject("notifications")).isEqualTo(JsonObject.EMPTY);
        server.addTool(Rpc.textTool("t2"), Rpc.echo());
        server.close();
        s.result().get(5, TimeUnit.SECONDS);
        assertThat(s.sink().methods()).containsExactly("notifications/subscriptions/acknowledged");
    }

    @Test
    void refusesAListenWithoutNotifications() {
        McpException e = error(server, request(1, "subscriptions/listen", "{}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("notifications");
    }

    @Test
    void closingTheServerEndsTheStreamWithTheCompletionResult() throws Exception {
        Stream s = listen(server, "listen-1", ALL);
        s.sink().next();
        server.close();
        JsonObject result = s.result().get(5, TimeUnit.SECONDS);
        assertThat(result.getString("resultType")).isEqualTo("complete");
        assertThat(result.getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(Json.of("listen-1"));
        assertThat(result.getObject("_meta").has(MetaKeys.SERVER_INFO)).isTrue();
        assertThat(s.sink().isExhausted()).isTrue();
    }

    @Test
    void closingTheServerEndsEveryStream() throws Exception {
        Stream a = listen(server, "a", ALL);
        Stream b = listen(server, "b", ALL);
        a.sink().next();
        b.sink().next();
        server.close();
        assertThat(a.result().get(5, TimeUnit.SECONDS).getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(Json.of("a"));
        assertThat(b.result().get(5, TimeUnit.SECONDS).getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(Json.of("b"));
    }

    @Test
    void aListenOnAClosedServerIsAcknowledgedAndEndsAtOnce() throws Exception {
        server.close();
        Stream s = listen(server, "late", ALL);
        assertThat(s.sink().next().method()).isEqualTo("notifications/subscriptions/acknowledged");
        assertThat(s.result().get(5, TimeUnit.SECONDS).getString("resultType")).isEqualTo("complete");
    }

    @Test
    void cancellationEndsTheStreamWithCancellationException() throws Exception {
        Stream s = listen(server, "L", ALL);
        s.sink().next();
        s.signal().cancel();
        assertThat(failure(s.result())).isInstanceOf(CancellationException.class);
        server.addTool(Rpc.textTool("after"), Rpc.echo());
        assertThat(s.sink().isExhausted()).isTrue();
    }

    @Test
    void aClientThatWentAwayEndsTheStreamOnTheNextEvent() throws Exception {
        Stream s = listen(server, "L", ALL);
        s.sink().next();
        s.sink().close();
        server.addTool(Rpc.textTool("after"), Rpc.echo());
        assertThat(failure(s.result())).isInstanceOf(CancellationException.class);
    }

    @Test
    void eachStreamIsKeyedByItsOwnId() throws Exception {
        Stream a = listen(server, "same", "{\"notifications\":{\"toolsListChanged\":true}}");
        Stream b = listen(server, "other", "{\"notifications\":{\"promptsListChanged\":true}}");
        a.sink().next();
        b.sink().next();
        server.addTool(Rpc.textTool("t2"), Rpc.echo());
        server.removePrompt("p");
        Notification na = a.sink().next();
        Notification nb = b.sink().next();
        assertThat(na.method()).isEqualTo("notifications/tools/list_changed");
        assertThat(na.params().getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(Json.of("same"));
        assertThat(nb.method()).isEqualTo("notifications/prompts/list_changed");
        assertThat(nb.params().getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(Json.of("other"));
    }

    @Test
    void changesOnOneInstanceReachListenersOnAnotherSharingTheBus() throws Exception {
        EventBus bus = new InProcessEventBus();
        McpServer a = full(McpServer.builder("a", "1")).eventBus(bus).build();
        McpServer b = full(McpServer.builder("b", "1")).eventBus(bus).build();
        try {
            Stream s = listen(b, "L", ALL);
            s.sink().next();
            a.addTool(Rpc.textTool("fromA"), Rpc.echo());
            a.resourceUpdated("test://a");
            assertThat(s.sink().next().method()).isEqualTo("notifications/tools/list_changed");
            assertThat(s.sink().next().method()).isEqualTo("notifications/resources/updated");
        } finally {
            a.close();
            b.close();
        }
        bus.close();
    }

    @Test
    void closingAServerDoesNotCloseASharedBus() {
        EventBus bus = new InProcessEventBus();
        McpServer s = Rpc.echoServer().eventBus(bus).build();
        s.close();
        List<JsonObject> got = new java.util.ArrayList<>();
        bus.subscribe("t", got::add);
        bus.publish("t", JsonObject.EMPTY);
        assertThat(got).hasSize(1);
    }

    @Test
    void aListenerThatFallsTooFarBehindIsDroppedNotSilentlyThinned() throws Exception {
        EventBus bus = new InProcessEventBus();
        McpServer s = Rpc.echoServer().eventBus(bus).build();
        CountDownLatch acked = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EventSink slow = new EventSink() {
            @Override
            public boolean send(Notification n) {
                if (n.method().equals("notifications/subscriptions/acknowledged")) {
                    acked.countDown();
                }
                if (n.method().equals("notifications/tools/list_changed")) {
                    stuck.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return true;
            }

            @Override
            public boolean isOpen() {
                return true;
            }
        };
        CancellationSignal signal = new CancellationSignal();
        Request r = request("L", "subscriptions/listen", "{\"notifications\":{\"toolsListChanged\":true}}");
        Future<JsonObject> f = threads.submit(() -> Rpc.handle(s, r, "anonymous", slow, signal));
        try {
            JsonObject change = JsonObject.of("kind", Json.of("tools"));
            assertThat(acked.await(5, TimeUnit.SECONDS)).as("subscribed before the first change").isTrue();
            bus.publish(ListenHub.TOPIC, change);
            assertThat(stuck.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10_001; i++) {
                bus.publish(ListenHub.TOPIC, change);
            }
            release.countDown();
            assertThat(failure(f)).isInstanceOf(CancellationException.class).hasMessageContaining("behind");
        } finally {
            release.countDown();
            signal.cancel();
            s.close();
            bus.close();
        }
    }

    @Test
    void aGapInTheSharedBusEndsTheStreamWithoutTheCompletionResult() throws Exception {
        java.util.List<Runnable> gaps = new java.util.concurrent.CopyOnWriteArrayList<>();
        InProcessEventBus inner = new InProcessEventBus();
        dev.switchboard.state.bus.EventBus gappy = new dev.switchboard.state.bus.EventBus() {
            @Override
            public void publish(String topic, JsonObject event) {
                inner.publish(topic, event);
            }

            @Override
            public Subscription subscribe(String topic, java.util.function.Consumer<JsonObject> handler) {
                return inner.subscribe(topic, handler);
            }

            @Override
            public Subscription subscribe(String topic, java.util.function.Consumer<JsonObject> handler, Runnable onGap) {
                if (topic.equals(ListenHub.TOPIC)) {
                    gaps.add(onGap);
                }
                return inner.subscribe(topic, handler);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
        McpServer s = full(McpServer.builder("t", "1")).eventBus(gappy).build();
        try {
            Stream stream = listen(s, "L", ALL);
            stream.sink().next(); // the acknowledgement
            s.addTool(Rpc.textTool("before"), Rpc.echo());
            assertThat(stream.sink().next().method()).isEqualTo("notifications/tools/list_changed");
            gaps.forEach(Runnable::run); // e.g. Redis dropped the pub/sub connection
            assertThat(failure(stream.result())).isInstanceOf(CancellationException.class)
                    .hasMessageContaining("events may have been lost");
        } finally {
            s.close();
            inner.close();
        }
    }

    @Test
    void theAcknowledgementListsResourceSubscriptionsAsRequested() throws Exception {
        Stream s = listen(server, "L", "{\"notifications\":{\"resourceSubscriptions\":[\"test://a\",\"test://zzz\"]}}");
        JsonArray subs = (JsonArray) s.sink().next().params().getObject("notifications").get("resourceSubscriptions");
        assertThat(subs).isEqualTo(JsonArray.ofStrings(List.of("test://a", "test://zzz")));
    }

    @Test
    void listenStreamsNeverCarryProgressOrLogs() throws Exception {
        Request r = Rpc.withMeta(Rpc.withMeta(request("L", "subscriptions/listen", ALL), MetaKeys.LOG_LEVEL, Json.of("debug")),
                MetaKeys.PROGRESS_TOKEN, Json.of("p"));
        RecordingSink sink = new RecordingSink();
        Future<JsonObject> f = threads.submit(() -> Rpc.handle(server, r, "anonymous", sink, new CancellationSignal()));
        sink.next();
        server.addTool(Rpc.textTool("t2"), Rpc.echo());
        sink.next();
        server.close();
        f.get(5, TimeUnit.SECONDS);
        assertThat(sink.methods()).doesNotContain("notifications/progress", "notifications/message");
    }
}
