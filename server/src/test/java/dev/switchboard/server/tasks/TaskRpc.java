package dev.switchboard.server.tasks;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Rpc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers for driving the Tasks extension through {@link McpServer#handle}, as a 2026-07-28 transport does. */
final class TaskRpc {
    /** Client capabilities declaring the extension. */
    static final String EXT = "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";
    /** Client capabilities declaring the extension and form elicitation. */
    static final String EXT_ELICIT = "{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";
    static final String ALICE = "alice";
    static final String BOB = "bob";
    private static final AtomicLong IDS = new AtomicLong();

    private TaskRpc() {
    }

    static Request call(String tool, String argsJson, String capabilities) {
        return Rpc.request(IDS.incrementAndGet(), "tools/call",
                "{\"name\":\"" + tool + "\",\"arguments\":" + argsJson + "}", capabilities);
    }

    static Request taskRequest(String method, String taskId, String extraMembers, String capabilities) {
        return Rpc.request(IDS.incrementAndGet(), method, "{\"taskId\":\"" + taskId + "\""
                + (extraMembers == null ? "" : "," + extraMembers) + "}", capabilities);
    }

    /** Calls {@code tool} with the extension as {@code principal}; returns the CreateTaskResult's task id. */
    static String create(McpServer server, String tool, String argsJson, String principal) throws Exception {
        JsonObject r = Rpc.handle(server, call(tool, argsJson, EXT_ELICIT), principal);
        assertThat(r.getString("resultType")).as("result %s", r).isEqualTo("task");
        return r.getString("taskId");
    }

    static JsonObject get(McpServer server, String taskId, String principal) throws Exception {
        return Rpc.handle(server, taskRequest("tasks/get", taskId, null, EXT), principal);
    }

    static JsonObject update(McpServer server, String taskId, String responsesJson, String principal) throws Exception {
        return Rpc.handle(server, taskRequest("tasks/update", taskId, "\"inputResponses\":" + responsesJson, EXT), principal);
    }

    static JsonObject cancel(McpServer server, String taskId, String principal) throws Exception {
        return Rpc.handle(server, taskRequest("tasks/cancel", taskId, null, EXT), principal);
    }

    static McpException error(McpServer server, Request r, String principal) {
        return Rpc.error(server, r, principal);
    }

    /** Polls {@code tasks/get} until the task has {@code status}; fails after {@code within}. */
    static JsonObject await(McpServer server, String taskId, String principal, String status, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = get(server, taskId, principal);
            if (status.equals(last.getString("status"))) {
                return last;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("task " + taskId + " not " + status + " within " + within + "; last: " + last);
    }

    static JsonObject await(McpServer server, String taskId, String status) throws Exception {
        return await(server, taskId, ALICE, status, Duration.ofSeconds(5));
    }
}
