package dev.switchboard.cli.cluster;

import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.switchboard.cli.cluster.Wire.message;
import static dev.switchboard.cli.cluster.Wire.modern;
import static dev.switchboard.cli.cluster.Wire.modernBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tasks survive the death of the instance executing them. Three instances share Redis (tasks,
 * leases, the event bus) behind nginx, with a 3 s task lease. A long task is created through the
 * balancer; the instance holding its lease (named in {@code tasks/get}'s
 * {@code _meta["dev.switchboard/executor"]}) is SIGKILLed mid-task; {@code tasks/get} is then
 * asked of every surviving instance and of the balancer until the task ends: it is never "not
 * found", and another instance either runs an idempotent tool again to completion or fails a
 * non-idempotent one with "executor lost".
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES) // a hang fails, not stalls CI
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTasksIT {
    private static final String TASKS = "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Pattern INSTANCE = Pattern.compile("as instance (\\S+)");
    private static final AtomicLong IDS = new AtomicLong();

    static Cluster cluster;
    static Wire wire;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start(3, "--task-lease", LEASE.toMillis() + "ms");
        wire = new Wire();
    }

    @AfterAll
    static void stop() {
        if (wire != null) {
            wire.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The instance index of each executor id, from the line each instance prints at start. */
    private static Map<String, Integer> executors() {
        Map<String, Integer> byId = new LinkedHashMap<>();
        for (int i = 0; i < cluster.size(); i++) {
            Matcher m = INSTANCE.matcher(cluster.log("instance-" + i));
            while (m.find()) {
                byId.put(m.group(1), i); // the last start wins (an instance restarted gets a new id)
            }
        }
        return byId;
    }

    private static JsonObject rpc(URI to, String method, String name, String params) throws Exception {
        HttpResponse<String> r = wire.post(to, modern(method, name), modernBody(IDS.incrementAndGet(), method, params, TASKS));
        return message(r);
    }

    private static JsonObject create(String tool, String arguments) throws Exception {
        JsonObject r = rpc(cluster.endpoint(), "tools/call", tool, "\"name\":\"" + tool + "\",\"arguments\":" + arguments);
        assertThat(r.getObject("result")).as("%s", r).isNotNull();
        assertThat(r.getObject("result").getString("resultType")).isEqualTo("task");
        return r.getObject("result");
    }

    private static JsonObject get(URI at, String taskId) throws Exception {
        return rpc(at, "tasks/get", taskId, "\"taskId\":\"" + taskId + "\"");
    }

    /** What one failover looked like. */
    record Failover(String killedExecutor, String newExecutor, JsonObject terminal, long killToTakeoverMs,
                    long killToTerminalMs, int polls) {
    }

    /**
     * Kills the executor of {@code taskId}, then polls tasks/get on every live instance and the
     * balancer until the task is terminal; every answer must be the task (never an error).
     */
    private static Failover killExecutorAndWatch(String taskId, Duration bound) throws Exception {
        Map<String, Integer> ids = executors();
        JsonObject before = get(cluster.endpoint(), taskId).getObject("result");
        String executor = before.getObject("_meta").getString("dev.switchboard/executor");
        assertThat(ids).as("executor %s among %s", executor, ids).containsKey(executor);
        int victim = ids.get(executor);
        for (int i = 0; i < cluster.size(); i++) {
            JsonObject seen = get(cluster.instance(i), taskId).getObject("result");
            assertThat(seen.getString("taskId")).as("instance %d answers for the task", i).isEqualTo(taskId);
        }
        long killedAt = System.nanoTime();
        cluster.kill(victim);
        List<URI> live = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            if (i != victim) {
                live.add(cluster.instance(i));
            }
        }
        live.add(cluster.endpoint());
        long takeover = -1;
        String newExecutor = null;
        int polls = 0;
        long deadline = killedAt + bound.toNanos();
        while (System.nanoTime() < deadline) {
            for (URI at : live) {
                JsonObject r = get(at, taskId);
                polls++;
                assertThat(r.getObject("error")).as("tasks/get at %s after the kill: %s", at, r).isNull();
                JsonObject task = r.getObject("result");
                assertThat(task.getString("taskId")).isEqualTo(taskId);
                JsonObject meta = task.getObject("_meta");
                String now = meta == null ? null : meta.getString("dev.switchboard/executor");
                if (takeover < 0 && (task.getString("status").matches("completed|failed|cancelled")
                        || (now != null && !now.equals(executor)))) {
                    takeover = (System.nanoTime() - killedAt) / 1_000_000;
                    newExecutor = now;
                }
                if (task.getString("status").matches("completed|failed|cancelled")) {
                    long done = (System.nanoTime() - killedAt) / 1_000_000;
                    cluster.restart(victim);
                    return new Failover(executor, newExecutor, task, takeover, done, polls);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("task " + taskId + " did not end within " + bound + " of the kill");
    }

    @Test
    @Order(1)
    void anIdempotentTaskIsRunAgainByAnotherInstanceAfterItsExecutorIsKilled() throws Exception {
        JsonObject created = create("slow_compute", "{\"seconds\":8,\"label\":\"failover\"}");
        String id = created.getString("taskId");
        Thread.sleep(1500); // mid-task: its lease renewed at least once
        Failover f = killExecutorAndWatch(id, Duration.ofSeconds(60));
        System.out.println("[tasks failover, idempotent] " + f);
        assertThat(f.terminal().getString("status")).isEqualTo("completed");
        assertThat(f.newExecutor()).isNotNull().isNotEqualTo(f.killedExecutor());
        String text = ((JsonObject) ((JsonArray) f.terminal().getObject("result").get("content")).get(0)).getString("text");
        assertThat(text).isEqualTo("computed failover after 8s (resumed after its executor was lost)");
        assertThat(f.killToTakeoverMs()).isLessThan(LEASE.multipliedBy(3).toMillis());
        // every instance, the restarted one included, agrees on the outcome
        for (int i = 0; i < cluster.size(); i++) {
            assertThat(get(cluster.instance(i), id).getObject("result").getString("status")).isEqualTo("completed");
        }
    }

    @Test
    @Order(2)
    void aNonIdempotentTaskFailsWithExecutorLostAfterItsExecutorIsKilled() throws Exception {
        JsonObject created = create("slow_side_effect", "{\"seconds\":30}");
        String id = created.getString("taskId");
        Thread.sleep(1500);
        Failover f = killExecutorAndWatch(id, Duration.ofSeconds(30));
        System.out.println("[tasks failover, not idempotent] " + f);
        assertThat(f.terminal().getString("status")).isEqualTo("failed");
        JsonObject error = f.terminal().getObject("error");
        assertThat(error.getString("message")).startsWith("Executor lost").contains(f.killedExecutor());
        assertThat(error.getObject("data").getString("reason")).isEqualTo("executorLost");
        assertThat(f.killToTerminalMs()).isLessThan(LEASE.multipliedBy(3).toMillis());
        for (int i = 0; i < cluster.size(); i++) {
            assertThat(get(cluster.instance(i), id).getObject("result").getString("status")).isEqualTo("failed");
        }
    }

    @Test
    @Order(3)
    void inputAndCancelReachTheExecutorWhicheverInstanceTheyLandOn() throws Exception {
        String caps = "\"name\":\"confirm_delete\",\"arguments\":{\"filename\":\"cluster.txt\"}";
        HttpResponse<String> r = wire.post(cluster.endpoint(), modern("tools/call", "confirm_delete"),
                modernBody(IDS.incrementAndGet(), "tools/call", caps,
                        "{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}"));
        String id = message(r).getObject("result").getString("taskId");
        JsonObject task = awaitStatus(id, "input_required");
        assertThat(task.getObject("inputRequests").members().keySet()).containsExactly("confirm");
        for (int i = 0; i < cluster.size(); i++) { // answer through each instance in turn: the first real answer wins
            rpc(cluster.instance(i), "tasks/update", id, "\"taskId\":\"" + id + "\",\"inputResponses\":{\"confirm\":"
                    + "{\"action\":\"accept\",\"content\":{\"confirm\":true}}}");
        }
        JsonObject done = awaitStatus(id, "completed");
        assertThat(done.getObject("result").toString()).contains("deleted cluster.txt");

        String slow = create("slow_compute", "{\"seconds\":60,\"label\":\"cancel\"}").getString("taskId");
        for (int i = 0; i < cluster.size(); i++) {
            JsonObject ack = rpc(cluster.instance(i), "tasks/cancel", slow, "\"taskId\":\"" + slow + "\"");
            assertThat(ack.getObject("result").getString("resultType")).isEqualTo("complete");
        }
        awaitStatus(slow, "cancelled");
    }

    private static JsonObject awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = get(cluster.endpoint(), id).getObject("result");
            if (status.equals(last.getString("status"))) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task " + id + " not " + status + " within 20 s: " + last);
    }
}
