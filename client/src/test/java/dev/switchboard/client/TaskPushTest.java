package dev.switchboard.client;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.server.tasks.TaskPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wait for a task hears of its end by push: the client holds one {@code subscriptions/listen}
 * stream with {@code notifications.taskIds} for the tasks it waits for, against a real server
 * whose tasks suggest polling every 30 s. Polling stays the fallback when the server refuses the
 * stream or does not push, and when push is turned off. Bounds are generous (a loaded machine) yet
 * far below the suggested interval.
 */
@Timeout(120)
class TaskPushTest {
    private static final Duration SLOW_POLL = Duration.ofSeconds(30);
    private static final Duration FAR_LESS = Duration.ofSeconds(10);
    private static final JsonObject MS = (JsonObject) Wire.parse(
            "{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\"}}}");

    /** How the test server answers {@code subscriptions/listen}. */
    enum Listen { SERVED, REFUSED, NOT_ECHOED }

    private final List<JsonObject> listens = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /**
     * A server whose tool {@code sleep} runs as a task for {@code ms} milliseconds suggesting polls
     * every {@code poll}; it records each listen's {@code notifications} and how many are open.
     */
    private McpHttpServer server(Listen listen, Duration poll) {
        McpServer server = McpServer.builder("push", "1")
                .interceptor(chain -> {
                    Request r = chain.request();
                    if (!"subscriptions/listen".equals(r.method())) {
                        return chain.proceed();
                    }
                    listens.add(r.params().getObject("notifications"));
                    if (listen == Listen.REFUSED) {
                        throw new McpException(ErrorCode.METHOD_NOT_FOUND, "Method not found: subscriptions/listen");
                    }
                    open.incrementAndGet();
                    try {
                        return listen == Listen.SERVED ? chain.proceed() : chain.proceed(new Request(r.id(), r.method(),
                                r.params().with("notifications", JsonObject.EMPTY)));
                    } finally {
                        open.decrementAndGet();
                    }
                })
                .tool(Tool.of("sleep", "Sleeps ms milliseconds", MS), ToolHandler.of(call -> {
                    Thread.sleep(((dev.switchboard.protocol.json.JsonNumber) call.arguments().get("ms")).longValue());
                    return CallToolResult.of(TextContent.of("slept"));
                }), TaskPolicy.required().pollInterval(poll))
                .build();
        try {
            // keep-alives often: a server notices that a client left a stream only when writing to it
            McpHttpServer http = McpHttpServer.builder(server).port(0).keepAlive(Duration.ofMillis(100)).start();
            closing.add(http);
            return http;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    private McpClient client(McpHttpServer server, boolean push) {
        McpClient client = McpClient.builder(server.endpoint()).taskPush(push).build();
        closing.add(client);
        return client;
    }

    private static CallToolRequest sleep(long ms) {
        return CallToolRequest.of("sleep", JsonObject.of("ms", Json.of(ms)));
    }

    /** Waits for a task of {@code ms}, bounded below the suggested interval; returns how long it took. */
    private static Duration timedWait(McpClient client, long ms) {
        long start = System.nanoTime();
        CallToolResult r = client.callToolAndWait(sleep(ms), CallOptions.builder().taskTimeout(Duration.ofSeconds(25)).build());
        assertThat(RealServers.text(r)).isEqualTo("slept");
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String taskId(McpClient client, long ms) {
        return ((ToolCallOutcome.TaskCreated) client.callToolAsTask(sleep(ms), CallOptions.DEFAULT)).task().taskId();
    }

    @Test
    void aWaitEndsWhenTheTaskDoesNotAtTheSuggestedInterval() throws Exception {
        McpClient client = client(server(Listen.SERVED, SLOW_POLL), true);
        assertThat(timedWait(client, 300)).isLessThan(FAR_LESS);
        assertThat(listens).hasSize(1);
        assertThat(taskIds(listens.getFirst())).hasSize(1);
        awaitNoStreamOpen(); // nothing is waited for any more: the stream is closed
    }

    @ParameterizedTest
    @EnumSource(value = Listen.class, names = {"REFUSED", "NOT_ECHOED"})
    void withoutPushTheWaitPollsAndTheClientStopsAsking(Listen listen) {
        McpClient client = client(server(listen, Duration.ofMillis(300)), true);
        timedWait(client, 300);
        timedWait(client, 300);
        assertThat(listens).as("asked once, then push is given up for this client").hasSize(1);
    }

    @Test
    void pushCanBeTurnedOff() {
        McpClient client = client(server(Listen.SERVED, Duration.ofMillis(300)), false);
        timedWait(client, 300);
        assertThat(listens).isEmpty();
    }

    @Test
    void aWaitPollingEveryFewMillisecondsAsksForNoPush() {
        McpHttpServer server = server(Listen.SERVED, Duration.ofMillis(5));
        McpClient client = McpClient.builder(server.endpoint()).taskPolling(Duration.ofMillis(1), Duration.ofSeconds(30))
                .build();
        closing.add(client);
        timedWait(client, 300);
        assertThat(listens).as("a stream would come no sooner than the next poll").isEmpty();
    }

    @Test
    void concurrentWaitsShareOneStream() throws Exception {
        McpClient client = client(server(Listen.SERVED, SLOW_POLL), true);
        List<CompletableFuture<Duration>> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waits.add(CompletableFuture.supplyAsync(() -> timedWait(client, 1_500), threads));
        }
        for (CompletableFuture<Duration> w : waits) {
            assertThat(w.get(60, TimeUnit.SECONDS)).isLessThan(FAR_LESS);
        }
        // one stream for all: each new one asks for every task waited for, and replaces the last
        assertThat(listens).anySatisfy(n -> assertThat(taskIds(n)).hasSize(4));
        awaitNoStreamOpen();
    }

    @Test
    void aWatchWakesOnEachPushedChange() throws Exception {
        McpClient client = client(server(Listen.SERVED, SLOW_POLL), true);
        String id = taskId(client, 500);
        try (TaskWatch watch = client.watchTask(id)) {
            long start = System.nanoTime();
            boolean done = false;
            while (!done && System.nanoTime() - start < FAR_LESS.toNanos()) {
                watch.awaitChange(SLOW_POLL); // the first wake: the stream opened and covers the task
                assertThat(watch.pushed()).isTrue();
                done = "completed".equals(client.getTask(id).task().status());
            }
            assertThat(done).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAR_LESS);
        }
        awaitNoStreamOpen();
    }

    private static List<Json> taskIds(JsonObject notifications) {
        return ((dev.switchboard.protocol.json.JsonArray) notifications.get("taskIds")).values();
    }

    @Test
    void aStreamThatBrokeIsReopenedAndWhatChangedMeanwhileIsPolledAtOnce() throws Exception {
        // the task stays working (however often polled) until advanced; its interval is ten minutes
        try (TaskServer server = TaskServer.start(600_000, TaskServer.until("\"status\":\"working\"", "never"),
                TaskServer.completed("while you were away")).dropFirstListen();
             McpClient client = McpClient.builder(server.endpoint()).era(Era.MODERN)
                     .taskPolling(Duration.ofMillis(10), Duration.ofMinutes(10))
                     .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build()) {
            CompletableFuture<CallToolResult> result = CompletableFuture.supplyAsync(() -> client.callToolAndWait(
                    TasksTest.RENDER, CallOptions.builder().taskTimeout(Duration.ofSeconds(25)).build()), threads);
            long deadline = System.nanoTime() + FAR_LESS.toNanos();
            while (server.listens.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10); // the first stream was dropped; the client is opening another
            }
            assertThat(server.listens).hasSize(2);
            server.advance(); // the task ends while no stream is open: nobody is told
            server.resumeListening();
            assertThat(RealServers.text(result.get(FAR_LESS.toSeconds(), TimeUnit.SECONDS))).isEqualTo("while you were away");
        }
    }

    private void awaitNoStreamOpen() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (open.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(open).hasValue(0);
    }
}
