package dev.switchboard.cli.cluster;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.Era;
import dev.switchboard.client.ListenListener;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.ToolCallOutcome;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.ResourceHandler;
import dev.switchboard.server.tasks.TaskPolicy;
import dev.switchboard.testkit.interop.NodeScripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Era bridging, tasks and change notifications through three gateway JVMs (Redis, one key ring)
 * behind nginx round robin, so consecutive requests of one client land on different instances: a
 * session-era upstream's question parked on one instance is answered by a retry that reaches
 * another; a 2026-07-28 upstream's tasks and the gateway's own tasks (for the session-era
 * upstream) are created, read and answered anywhere, and survive {@code kill -9} of an instance;
 * {@code @modelcontextprotocol/server-everything} runs over stdio under every instance.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = TimeUnit.MINUTES)
class GatewayBridgingClusterIT {
    static final JsonObject NAME_FORM = (JsonObject) dev.switchboard.protocol.codec.Wire.parse(
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}");
    static final JsonObject TEXT_ARG = (JsonObject) dev.switchboard.protocol.codec.Wire.parse(
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}");
    static McpServer upstream;
    static McpHttpServer upstreamHttp;
    static Cluster cluster;

    static McpServer upstreamServer() {
        return McpServer.builder("dev.switchboard/upstream", "1")
                .tool(Tool.of("ask", "Greets the user by the name it asks for", JsonObject.of("type", Json.of("object"))), call -> {
                    ElicitResult r = call.responses().elicitation("name");
                    return r == null ? Outcome.inputRequired("name", askName(), null)
                            : Outcome.complete(CallToolResult.of(TextContent.of("hello " + r.content().getString("name"))));
                })
                .tool(Tool.of("job", "Works 500 ms as a task, then echoes", TEXT_ARG), call -> {
                    Thread.sleep(500);
                    return Outcome.complete(CallToolResult.of(TextContent.of("done:" + call.arguments().getString("text"))));
                }, TaskPolicy.required().pollInterval(Duration.ofMillis(100)))
                .tool(Tool.of("greet", "Asks for a name, then greets (optionally as a task)", TEXT_ARG), call -> {
                    ElicitResult r = call.responses().elicitation("name");
                    return r == null ? Outcome.inputRequired("name", askName(), null)
                            : Outcome.complete(CallToolResult.of(TextContent.of(call.arguments().getString("text") + " "
                            + r.content().getString("name"))));
                }, TaskPolicy.optional())
                .resource(Resource.of("mem://status", "status", "text/plain"), ResourceHandler.of(read ->
                        List.of(TextResourceContents.of(read.uri(), "text/plain", "ok"))))
                .build();
    }

    static InputRequest askName() {
        return InputRequest.elicit(ElicitRequest.form("What is your name?", NAME_FORM));
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = upstreamServer();
        upstreamHttp = McpHttpServer.builder(upstream).port(0).start();
        NodeScripts node = NodeScripts.prepare();
        Path config = Files.createTempFile("gateway-", ".yaml");
        Files.writeString(config, """
                deployment:
                  listenerLease: 1s
                upstreams:
                  modern:
                    url: %s
                    era: 2026-07-28
                  legacy:
                    url: %s
                    era: session
                  everything:
                    command: %s
                    args: [%s, stdio]
                """.formatted(upstreamHttp.endpoint(), upstreamHttp.endpoint(), node.node(), node.serverEverything()));
        cluster = Cluster.startGateways(3, config);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (upstreamHttp != null) {
            upstreamHttp.close();
        }
    }

    static McpClient client(Era era) {
        return McpClient.builder(cluster.endpoint()).era(era).requestTimeout(Duration.ofSeconds(30))
                .taskPolling(Duration.ofMillis(50), Duration.ofMillis(250))
                .elicitation(r -> ElicitResult.accept(JsonObject.of("name", Json.of("Ada")))).build();
    }

    static String text(CallToolResult r) {
        return ((TextContent) r.content().getFirst()).text();
    }

    @Test
    void aParkedQuestionIsAnsweredByRetriesThatLandOnOtherInstances() {
        try (McpClient client = client(Era.MODERN)) {
            // round robin: the first round and its retry reach different instances most of the time
            for (int i = 0; i < 9; i++) {
                assertThat(text(client.callTool("legacy__ask", JsonObject.EMPTY))).isEqualTo("hello Ada");
                assertThat(text(client.callTool("modern__ask", JsonObject.EMPTY))).isEqualTo("hello Ada");
            }
        }
    }

    @Test
    void aSessionEraClientIsAskedAndAnsweredThroughTheBalancer() {
        try (McpClient client = client(Era.LEGACY)) {
            for (int i = 0; i < 6; i++) {
                assertThat(text(client.callTool("legacy__ask", JsonObject.EMPTY))).isEqualTo("hello Ada");
                assertThat(text(client.callTool("modern__ask", JsonObject.EMPTY))).isEqualTo("hello Ada");
            }
        }
    }

    @Test
    void upstreamTasksAndTheGatewaysOwnTasksWorkFromEveryInstance() {
        try (McpClient client = client(Era.MODERN)) {
            for (int i = 0; i < 3; i++) {
                assertThat(text(client.callToolAndWait(CallToolRequest.of("modern__job", JsonObject.of("text", Json.of("m" + i))))))
                        .isEqualTo("done:m" + i);
                // the session-era upstream's optional task tool is a task of the gateway, asked through tasks/get
                assertThat(text(client.callToolAndWait(CallToolRequest.of("legacy__greet", JsonObject.of("text", Json.of("hi"))))))
                        .isEqualTo("hi Ada");
            }
        }
    }

    @Test
    void serverEverythingRunsOverStdioUnderEveryInstance() throws Exception {
        for (int i = 0; i < cluster.size(); i++) {
            try (McpClient direct = McpClient.builder(cluster.instance(i)).era(Era.MODERN).build()) {
                assertThat(direct.listAllTools()).extracting(Tool::name).contains("everything__echo");
                assertThat(text(direct.callTool("everything__echo", JsonObject.of("message", Json.of("from " + i)))))
                        .contains("from " + i);
            }
        }
    }

    @Test
    void anUpstreamsResourceUpdateReachesAListenerOnWhicheverInstance() throws Exception {
        BlockingQueue<String> updates = new LinkedBlockingQueue<>();
        try (McpClient client = client(Era.MODERN);
             var sub = client.listen(new SubscriptionFilter(null, null, null, List.of("mem://status"), null),
                     new ListenListener() {
                         @Override
                         public void onResourceUpdated(ResourceUpdatedNotification n) {
                             updates.add(n.uri());
                         }
                     })) {
            Thread.sleep(500); // the stream is open (acknowledged) before the change
            upstream.resourceUpdated("mem://status");
            assertThat(updates.poll(15, TimeUnit.SECONDS)).isEqualTo("mem://status");
        }
    }

    @Test
    void acknowledgedTasksSurviveKillingAGateway() throws Exception {
        List<String> handles = new ArrayList<>();
        try (McpClient client = client(Era.MODERN)) {
            for (int i = 0; i < 9; i++) {
                ToolCallOutcome o = client.callToolAsTask(CallToolRequest.of("modern__job",
                        JsonObject.of("text", Json.of("k" + i))), CallOptions.DEFAULT);
                assertThat(o).isInstanceOf(ToolCallOutcome.TaskCreated.class);
                handles.add(((ToolCallOutcome.TaskCreated) o).task().taskId());
            }
            cluster.kill(1);
            try {
                for (int i = 0; i < handles.size(); i++) {
                    assertThat(text(awaitThroughTheBalancer(client, handles.get(i)))).isEqualTo("done:k" + i);
                }
            } finally {
                cluster.restart(1);
            }
        }
    }

    /** The instance whose /healthz says it holds {@code upstream}'s change stream, or -1. */
    private static int holderOf(String upstream) throws Exception {
        int found = -1;
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < cluster.size(); i++) {
                HttpResponse<String> r;
                try {
                    r = http.send(HttpRequest.newBuilder(cluster.instance(i).resolve("/healthz")).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    continue; // a killed instance
                }
                for (var u : ((JsonArray) ((JsonObject) dev.switchboard.protocol.codec.Wire.parse(r.body())).get("upstreams"))
                        .values()) {
                    JsonObject o = (JsonObject) u;
                    if (upstream.equals(o.getString("name")) && JsonBoolean.TRUE.equals(o.get("listener"))) {
                        assertThat(found).as("two instances hold %s's stream", upstream).isEqualTo(-1);
                        found = i;
                    }
                }
            }
        }
        return found;
    }

    @Test
    void killingTheInstanceHoldingAnUpstreamsStreamMovesItAndUpdatesStillArrive() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int holder;
        while ((holder = holderOf("legacy")) < 0) {
            assertThat(System.nanoTime()).as("an instance holds the legacy upstream's stream").isLessThan(deadline);
            Thread.sleep(100);
        }
        int other = (holder + 1) % cluster.size();
        BlockingQueue<String> updates = new LinkedBlockingQueue<>();
        try (McpClient client = McpClient.builder(cluster.instance(other)).era(Era.MODERN).build();
             var sub = client.listen(new SubscriptionFilter(null, null, null, List.of("legacy+mem://status"), null),
                     new ListenListener() {
                         @Override
                         public void onResourceUpdated(ResourceUpdatedNotification n) {
                             updates.add(n.uri());
                         }
                     })) {
            cluster.kill(holder);
            long killed = System.nanoTime();
            try {
                int next;
                while ((next = holderOf("legacy")) < 0) {
                    assertThat(System.nanoTime() - killed).as("another instance holds the stream")
                            .isLessThan(TimeUnit.SECONDS.toNanos(10));
                    Thread.sleep(50);
                }
                // lease 1 s: taken over within 4/3 s of it running out, plus polling
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed)).isLessThan(3_000);
                assertThat(next).isNotEqualTo(holder);
                // the new holder has listeners read again what may have changed while nobody listened
                assertThat(updates.poll(15, TimeUnit.SECONDS)).isEqualTo("legacy+mem://status");
                // the upstream lets go of the dead instance's GET stream at its next keep-alive; then the new one opens
                String heard = null;
                for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); heard == null && System.nanoTime() < until; ) {
                    updates.clear();
                    upstream.resourceUpdated("mem://status");
                    heard = updates.poll(1, TimeUnit.SECONDS);
                }
                assertThat(heard).isEqualTo("legacy+mem://status");
                Thread.sleep(1_000);
                assertThat(updates).as("copies of one update").isEmpty();
            } finally {
                cluster.restart(holder);
            }
        }
    }

    /** Follows a task to its end, re-asking when nginx answers 502 for the instance that just died. */
    private static CallToolResult awaitThroughTheBalancer(McpClient client, String handle) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return client.awaitTask(handle, CallOptions.DEFAULT);
            } catch (RuntimeException e) {
                if (attempt >= 10) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
