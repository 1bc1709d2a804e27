package dev.switchboard.http;

import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.server.tasks.TaskPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Tasks extension over Streamable HTTP: routing headers on tasks/*, statuses of its errors, JSON bodies. */
class TasksHttpTest {
    private static final String TASKS = "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";
    static McpHttpServer http;
    static Http client;

    @BeforeAll
    static void start() throws Exception {
        McpServer server = McpServer.builder("t", "1")
                .tool(Tool.of("job", "A quick job", TestServers.schema("{\"type\":\"object\"}")),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of("done"))), TaskPolicy.optional())
                .tool(Tool.of("only_task", "Runs only as a task", TestServers.schema("{\"type\":\"object\"}")),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of("done"))), TaskPolicy.required())
                .build();
        http = McpHttpServer.builder(server).port(0).start();
        client = new Http(http.endpoint());
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    private static String createTask() throws Exception {
        Http.Reply r = client.post(Http.headers("tools/call", "job"),
                Http.body(1, "tools/call", "\"name\":\"job\",\"arguments\":{}", TASKS, ""));
        assertThat(r.status()).isEqualTo(200);
        JsonObject result = r.object().getObject("result");
        assertThat(result.getString("resultType")).isEqualTo("task");
        return result.getString("taskId");
    }

    @Test
    void tasksGetWithTheTaskIdAsMcpNameAnswersWithJson() throws Exception {
        String id = createTask();
        Http.Reply r = client.post(Http.headers("tasks/get", id), Http.body(2, "tasks/get", "\"taskId\":\"" + id + "\"", TASKS, ""));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        assertThat(r.object().getObject("result").getString("taskId")).isEqualTo(id);
        assertThat(r.object().getObject("result").getString("resultType")).isEqualTo("complete");
    }

    @Test
    void aMcpNameThatIsNotTheTaskIdIsHeaderMismatch400() throws Exception {
        String id = createTask();
        Http.Reply r = client.post(Http.headers("tasks/get", "sep-2663-wrong-task-id"),
                Http.body(3, "tasks/get", "\"taskId\":\"" + id + "\"", TASKS, ""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(-32020);
    }

    @Test
    void tasksMethodsWithoutTheExtensionAre400With32021() throws Exception {
        for (String method : new String[]{"tasks/get", "tasks/cancel"}) {
            Http.Reply r = client.post(Http.headers(method, "gate-test"), Http.body(4, method, "\"taskId\":\"gate-test\""));
            assertThat(r.status()).as(method).isEqualTo(400);
            assertThat(r.errorCode()).as(method).isEqualTo(-32021);
            assertThat(r.object().getObject("error").getObject("data").getObject("requiredCapabilities")
                    .getObject("extensions").has("io.modelcontextprotocol/tasks")).isTrue();
        }
        Http.Reply call = client.post(Http.headers("tools/call", "only_task"),
                Http.body(5, "tools/call", "\"name\":\"only_task\",\"arguments\":{}"));
        assertThat(call.status()).isEqualTo(400);
        assertThat(call.errorCode()).isEqualTo(-32021);
    }

    @Test
    void anUnknownTaskIsInvalidParamsWith200AndRemovedMethodsAre404() throws Exception {
        Http.Reply r = client.post(Http.headers("tasks/get", "nope"), Http.body(6, "tasks/get", "\"taskId\":\"nope\"", TASKS, ""));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.errorCode()).isEqualTo(-32602);
        Http.Reply list = client.post(Http.headers("tasks/list", null), Http.body(7, "tasks/list", "", TASKS, ""));
        assertThat(list.status()).isEqualTo(404);
        assertThat(list.errorCode()).isEqualTo(-32601);
    }
}
