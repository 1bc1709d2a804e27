package dev.switchboard.server.tasks;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.RecordingSink;
import dev.switchboard.server.Rpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.switchboard.server.tasks.TaskRpc.ALICE;
import static dev.switchboard.server.tasks.TaskRpc.BOB;
import static dev.switchboard.server.tasks.TaskRpc.EXT;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code notifications/tasks} on listen streams that asked for the task's id, for its owner only. */
class TaskNotificationsTest {
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final TaskTools tools = new TaskTools();
    private final McpServer server = tools.register(McpServer.builder("t", "1")).build();

    @AfterEach
    void close() {
        server.close();
        threads.shutdownNow();
    }

    private RecordingSink listen(String principal, String taskId) throws Exception {
        RecordingSink sink = new RecordingSink();
        Request r = Rpc.request("L", "subscriptions/listen", "{\"notifications\":{\"taskIds\":[\"" + taskId + "\"]}}", EXT);
        threads.submit(() -> Rpc.handle(server, r, principal, sink, new CancellationSignal()));
        Notification ack = sink.next();
        assertThat(ack.method()).isEqualTo("notifications/subscriptions/acknowledged");
        assertThat(ack.params().getObject("notifications")).isEqualTo(Rpc.json("{\"taskIds\":[\"" + taskId + "\"]}"));
        return sink;
    }

    @Test
    void everyVisibleChangeIsNotifiedWithTheDetailedTaskAsTasksGetWouldReturnIt() throws Exception {
        String id = TaskRpc.create(server, "ask", "{}", ALICE);
        RecordingSink sink = listen(ALICE, id);
        TaskRpc.await(server, id, "input_required");
        TaskRpc.update(server, id, "{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}", ALICE);
        JsonObject done = TaskRpc.await(server, id, "completed");
        Notification last;
        do {
            last = sink.next();
            assertThat(last.method()).isEqualTo("notifications/tasks");
            assertThat(last.params().getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(Json.of("L"));
        } while (!"completed".equals(last.params().getString("status")));
        assertThat(last.params().without("_meta")).isEqualTo(done.without("_meta").without("resultType"));
    }

    @Test
    void anotherPrincipalListeningForTheIdHearsNothing() throws Exception {
        String id = TaskRpc.create(server, "sleep", "{\"ms\":60000}", ALICE);
        RecordingSink bob = listen(BOB, id);
        RecordingSink alice = listen(ALICE, id);
        TaskRpc.cancel(server, id, ALICE);
        assertThat(alice.next().params().getString("status")).isEqualTo("cancelled");
        Thread.sleep(100);
        assertThat(bob.named("notifications/tasks")).isEmpty();
    }

    @Test
    void onlyTheTasksAskedForAreNotified() throws Exception {
        String watched = TaskRpc.create(server, "sleep", "{\"ms\":60000}", ALICE);
        RecordingSink sink = listen(ALICE, watched);
        String other = TaskRpc.create(server, "sleep", "{\"ms\":0}", ALICE);
        TaskRpc.await(server, other, "completed");
        TaskRpc.cancel(server, watched, ALICE);
        Notification n = sink.next();
        assertThat(n.params().getString("taskId")).isEqualTo(watched);
    }
}
