package dev.switchboard.client;

import com.sun.net.httpserver.HttpExchange;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of the Tasks extension's server side (brief §5) to drive the client: a
 * {@code tools/call} that declares the extension creates task {@value #TASK_ID} (one without it
 * gets an ordinary result), and {@code tasks/get} walks a script of steps. A step is the task's
 * status-specific members ({@code "status":"working"}, or {@code input_required} with its
 * {@code inputRequests}, ...); a step moves on after one {@code tasks/get}, or, when it lists keys
 * to wait for, once {@code tasks/update} has answered them all. {@code tasks/cancel} makes the task
 * {@code cancelled}; the step {@link #GONE} answers {@code -32602} (expired). Checks what a real
 * server checks: the extension in {@code _meta} clientCapabilities (else -32021) and
 * {@code Mcp-Name} equal to the task id (else 400/-32020).
 */
final class TaskServer implements AutoCloseable {
    static final String TASK_ID = "tsk_7f3a9c2e";
    static final String EXT = "io.modelcontextprotocol/tasks";
    /** A step answering tasks/get with -32602: the task expired and was purged. */
    static final Step GONE = new Step(null, Set.of());

    /** One state of the task as tasks/get reports it. */
    record Step(String members, Set<String> waitFor) {
    }

    /** A step that moves on after one tasks/get. */
    static Step step(String members) {
        return new Step(members, Set.of());
    }

    /** A step that stays until tasks/update answered every key of {@code keys}. */
    static Step until(String members, String... keys) {
        return new Step(members, Set.of(keys));
    }

    static final Step WORKING = step("\"status\":\"working\"");
    static final String RESULT = """
            {"resultType":"complete","content":[{"type":"text","text":"done"}],"isError":false}""";

    static Step completed(String text) {
        return step("\"status\":\"completed\",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}");
    }

    static Step elicit(String key, String message, String... waitFor) {
        return until("\"status\":\"input_required\",\"inputRequests\":{\"" + key
                + "\":{\"method\":\"elicitation/create\",\"params\":{\"mode\":\"form\",\"message\":\"" + message
                + "\",\"requestedSchema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}}}}",
                waitFor.length == 0 ? new String[] {key} : waitFor);
    }

    private final FakeServer fake;
    private final List<Step> steps;
    private final long pollIntervalMs;
    private final Long ttlMs;
    private int index;
    private boolean cancelled;
    private final Set<String> answers = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.Semaphore push = new java.util.concurrent.Semaphore(0);
    private final java.util.concurrent.CountDownLatch resumed = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean dropFirstListen;
    /** Every subscriptions/listen received. */
    final List<FakeServer.Received> listens = new CopyOnWriteArrayList<>();
    /** Every tasks/update's inputResponses, in order. */
    final List<JsonObject> updates = new CopyOnWriteArrayList<>();
    /** When each tasks/get arrived (System.nanoTime). */
    final List<Long> gets = new CopyOnWriteArrayList<>();

    private TaskServer(long pollIntervalMs, Long ttlMs, List<Step> steps) {
        this.steps = new ArrayList<>(steps);
        this.pollIntervalMs = pollIntervalMs;
        this.ttlMs = ttlMs;
        this.fake = FakeServer.start(FakeServer.modern(this::handle));
    }

    /** A server whose task suggests {@code pollIntervalMs} and goes through {@code steps} (the last one repeats). */
    static TaskServer start(long pollIntervalMs, Step... steps) {
        return new TaskServer(pollIntervalMs, 60_000L, List.of(steps));
    }

    URI endpoint() {
        return fake.endpoint();
    }

    List<FakeServer.Received> received(String method) {
        return fake.received(method);
    }

    private String task(String members) {
        return "\"taskId\":\"" + TASK_ID + "\"," + members + ",\"createdAt\":\"2026-11-23T10:15:30.123Z\","
                + "\"lastUpdatedAt\":\"2026-11-23T10:15:31.000Z\",\"ttlMs\":" + ttlMs + ",\"pollIntervalMs\":"
                + pollIntervalMs;
    }

    private void handle(FakeServer.Received r, HttpExchange ex) throws Exception {
        if ("subscriptions/listen".equals(r.method())) {
            listen(r, ex);
        } else {
            handleTask(r, ex);
        }
    }

    /**
     * A listen stream: the acknowledgement at once, then, on {@link #push()}, one
     * {@code notifications/tasks} with the task as tasks/get would report it now (completed, as
     * the script's next step); then silence until the server closes. After
     * {@link #dropFirstListen()}, the first stream ends right after its acknowledgement, without
     * the completion result (a drop), and the next ones are acknowledged only on {@link #resumeListening()}.
     */
    private void listen(FakeServer.Received r, HttpExchange ex) throws Exception {
        if (!declared(r)) {
            FakeServer.json(ex, 400, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"error\":{\"code\":-32021,"
                    + "\"message\":\"taskIds need the tasks extension\"}}");
            return;
        }
        listens.add(r);
        boolean first = listens.size() == 1;
        if (dropFirstListen && !first) {
            resumed.await();
        }
        String sub = "\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":" + r.id() + "}";
        FakeServer.sse(ex, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/subscriptions/acknowledged\",\"params\":{"
                + sub + ",\"notifications\":" + r.params().getObject("notifications") + "}}");
        if (dropFirstListen && first) {
            return;
        }
        push.acquire();
        String now;
        synchronized (this) {
            index++;
            now = task(steps.get(Math.min(index, steps.size() - 1)).members());
        }
        ex.getResponseBody().write(("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tasks\",\"params\":{"
                + sub + "," + now + "}}\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ex.getResponseBody().flush();
        fake.hang();
    }

    /** Lets an open listen stream send its notifications/tasks. */
    void push() {
        push.release();
    }

    /** Drops the first listen stream after its acknowledgement and holds back the next ones ({@link #resumeListening()}). */
    TaskServer dropFirstListen() {
        dropFirstListen = true;
        return this;
    }

    /** Acknowledges the listen streams held back since the first was dropped. */
    void resumeListening() {
        resumed.countDown();
    }

    /** Moves the script to its next step without telling anyone (no notification). */
    synchronized void advance() {
        index++;
    }

    private static boolean declared(FakeServer.Received r) {
        JsonObject caps = r.params().getObject("_meta") == null ? null
                : r.params().getObject("_meta").getObject("io.modelcontextprotocol/clientCapabilities");
        return caps != null && caps.getObject("extensions") != null && caps.getObject("extensions").has(EXT);
    }

    private synchronized void handleTask(FakeServer.Received r, HttpExchange ex) throws IOException {
        JsonObject caps = r.params().getObject("_meta") == null ? null
                : r.params().getObject("_meta").getObject("io.modelcontextprotocol/clientCapabilities");
        boolean declared = caps != null && caps.getObject("extensions") != null
                && caps.getObject("extensions").has(EXT);
        String method = r.method();
        if ("tools/call".equals(method)) {
            FakeServer.result(ex, r, declared ? "{\"resultType\":\"task\"," + task("\"status\":\"working\"") + "}" : RESULT);
            return;
        }
        if (!method.startsWith("tasks/")) {
            FakeServer.json(ex, 404, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id()
                    + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
            return;
        }
        if (!declared) {
            FakeServer.json(ex, 400, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"error\":{\"code\":-32021,"
                    + "\"message\":\"Missing required client capability\",\"data\":{\"requiredCapabilities\":"
                    + "{\"extensions\":{\"" + EXT + "\":{}}}}}}");
            return;
        }
        String taskId = r.params().getString("taskId");
        if (!taskId.equals(r.header("Mcp-Name"))) {
            FakeServer.json(ex, 400, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id()
                    + ",\"error\":{\"code\":-32020,\"message\":\"Mcp-Name does not match taskId\"}}");
            return;
        }
        Step current = steps.get(Math.min(index, steps.size() - 1));
        if (!TASK_ID.equals(taskId) || current == GONE) {
            FakeServer.json(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id()
                    + ",\"error\":{\"code\":-32602,\"message\":\"Task not found: " + taskId + "\"}}");
            return;
        }
        switch (method) {
            case "tasks/get" -> {
                gets.add(System.nanoTime());
                String members = cancelled ? "\"status\":\"cancelled\"" : current.members();
                FakeServer.result(ex, r, "{\"resultType\":\"complete\"," + task(members) + "}");
                if (!cancelled && current.waitFor().isEmpty()) {
                    index++;
                }
            }
            case "tasks/update" -> {
                JsonObject responses = r.params().getObject("inputResponses");
                updates.add(responses);
                answers.addAll(responses.members().keySet());
                if (!current.waitFor().isEmpty() && answers.containsAll(current.waitFor())) {
                    index++;
                }
                FakeServer.result(ex, r, "{\"resultType\":\"complete\"}");
            }
            case "tasks/cancel" -> {
                cancelled = true;
                FakeServer.result(ex, r, "{\"resultType\":\"complete\"}");
            }
            default -> FakeServer.json(ex, 404, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id()
                    + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
        }
    }

    /** The name answered in the elicitation {@code key} of update {@code n}. */
    String answer(int n, String key) {
        Json v = updates.get(n).get(key);
        return ((JsonObject) v).getObject("content").getString("name");
    }

    /** Answers of all updates, by key. */
    Map<String, Json> allAnswers() {
        Map<String, Json> all = new java.util.LinkedHashMap<>();
        updates.forEach(u -> all.putAll(u.members()));
        return all;
    }

    @Override
    public void close() {
        fake.close();
    }
}
