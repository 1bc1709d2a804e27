package dev.switchboard.cli.cluster;

import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.switchboard.cli.cluster.Wire.initialize;
import static dev.switchboard.cli.cluster.Wire.legacy;
import static dev.switchboard.cli.cluster.Wire.message;
import static dev.switchboard.cli.cluster.Wire.modern;
import static dev.switchboard.cli.cluster.Wire.modernBody;
import static dev.switchboard.cli.cluster.Wire.rpc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances, one Redis, nginx round robin (all real processes on 127.0.0.1): whatever one
 * instance issued, the others honour; a change made through one reaches listeners on the others;
 * answers to a session-era server request may land anywhere; limits and revocations are global.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES) // a hang fails, not stalls CI
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Per principal and tool: small enough to exhaust in a test, large enough for the other tests. */
    private static final int RATE_BUDGET = 40;

    static Cluster cluster;
    static Wire wire;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start(3, "--rate-limit", RATE_BUDGET + "/1h", "--rate-limit-per", "principal-and-tool");
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

    private static JsonObject result(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject m = message(r);
        assertThat(m.has("error")).as(r.body()).isFalse();
        return m.getObject("result");
    }

    @Test
    void theBalancerSpreadsRequestsOverEveryInstanceWithoutStickiness() throws Exception {
        int before = cluster.upstreamsServed().size();
        for (int i = 0; i < 12; i++) {
            result(wire.post(cluster.endpoint(), modern("tools/list", null), modernBody(i, "tools/list", null, "{}")));
        }
        List<String> served = cluster.upstreamsServed();
        Set<String> upstreams = new HashSet<>(served.subList(before, served.size()));
        assertThat(upstreams).containsExactlyInAnyOrder("127.0.0.1:" + cluster.port(0), "127.0.0.1:" + cluster.port(1),
                "127.0.0.1:" + cluster.port(2));
    }

    @Test
    void requestStateMintedOnOneInstanceIsAcceptedByTheOthersAndAForgeryByNone() throws Exception {
        String tool = "test_input_required_result_request_state";
        String call = "\"name\":\"" + tool + "\",\"arguments\":{}";
        String caps = "{\"elicitation\":{\"form\":{}}}";
        JsonObject first = result(wire.post(cluster.instance(0), modern("tools/call", tool), modernBody(1, "tools/call", call, caps)));
        assertThat(first.getString("resultType")).isEqualTo("input_required");
        String state = first.getString("requestState");
        assertThat(state).isNotBlank();
        String answer = ",\"inputResponses\":{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}";
        for (int i = 1; i < 3; i++) {
            JsonObject done = result(wire.post(cluster.instance(i), modern("tools/call", tool),
                    modernBody(10 + i, "tools/call", call + answer + ",\"requestState\":\"" + state + "\"", caps)));
            assertThat(done.getString("resultType")).isEqualTo("complete");
            assertThat(done.toString()).contains("ok=true");
        }
        char last = state.charAt(state.length() - 2);
        String forged = state.substring(0, state.length() - 2) + (last == 'A' ? 'B' : 'A') + state.charAt(state.length() - 1);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = wire.post(cluster.instance(i), modern("tools/call", tool),
                    modernBody(20 + i, "tools/call", call + answer + ",\"requestState\":\"" + forged + "\"", caps));
            JsonObject error = message(r).getObject("error");
            assertThat(error).as("instance %d accepted a forged requestState: %s", i, r.body()).isNotNull();
            assertThat(error.getString("message")).contains("requestState");
        }
    }

    @Test
    void theClientsMrtrLoopCompletesThroughTheBalancer() throws Exception {
        try (McpClient client = McpClient.builder(cluster.endpoint())
                .elicitation(request -> ElicitResult.accept(JsonObject.of("username", Json.of("ada"), "email", Json.of("ada@example.org"))))
                .build()) {
            for (int i = 0; i < 6; i++) { // rounds land on different instances
                CallToolResult r = client.callTool("test_elicitation", JsonObject.of("message", Json.of("who? " + i)));
                assertThat(r.toString()).contains("ada@example.org");
            }
        }
    }

    @Test
    void aChangeMadeThroughOneInstanceReachesListenersHeldByTheOthers() throws Exception {
        String listen = "\"notifications\":{\"toolsListChanged\":true}";
        try (Wire.Stream b = wire.open(cluster.instance(1), modern("subscriptions/listen", null),
                modernBody("listen-b", "subscriptions/listen", listen, "{}"));
             Wire.Stream c = wire.open(cluster.instance(2), modern("subscriptions/listen", null),
                     modernBody("listen-c", "subscriptions/listen", listen, "{}"))) {
            assertThat(b.next(WAIT).getString("method")).isEqualTo("notifications/subscriptions/acknowledged");
            assertThat(c.next(WAIT).getString("method")).isEqualTo("notifications/subscriptions/acknowledged");

            result(wire.post(cluster.instance(0), modern("tools/call", "test_trigger_tool_change"),
                    modernBody(1, "tools/call", "\"name\":\"test_trigger_tool_change\",\"arguments\":{}", "{}")));

            for (Wire.Stream s : List.of(b, c)) {
                JsonObject n = s.next(WAIT);
                assertThat(n).as("a listener on another instance heard the change").isNotNull();
                assertThat(n.getString("method")).isEqualTo("notifications/tools/list_changed");
                assertThat(n.getObject("params").getObject("_meta").getString("io.modelcontextprotocol/subscriptionId"))
                        .as("tagged with its own subscription").isEqualTo(s == b ? "listen-b" : "listen-c");
            }
        }
    }

    @Test
    void aSessionOpenedOnOneInstanceWorksOnTheOthersAndItsGetStreamHearsChangesFromAnywhere() throws Exception {
        HttpResponse<String> init = wire.post(cluster.instance(0), legacy(null), initialize("{}"));
        String sid = init.headers().firstValue("mcp-session-id").orElseThrow();
        assertThat(wire.post(cluster.instance(1), legacy(sid), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .statusCode()).isEqualTo(202);
        for (int i = 0; i < 3; i++) {
            JsonObject r = result(wire.post(cluster.instance(i), legacy(sid), rpc(i + 1, "tools/call",
                    "{\"name\":\"test_simple_text\",\"arguments\":{}}")));
            assertThat(r.toString()).contains("content");
        }
        var getHeaders = legacy(sid);
        getHeaders.remove("Content-Type");
        getHeaders.put("Accept", "text/event-stream");
        try (Wire.Stream stream = wire.open(cluster.instance(1), getHeaders, null)) {
            assertThat(stream.status()).isEqualTo(200);
            Thread.sleep(300); // the stream subscribes once its response has started
            result(wire.post(cluster.instance(0), modern("tools/call", "test_trigger_tool_change"),
                    modernBody(1, "tools/call", "\"name\":\"test_trigger_tool_change\",\"arguments\":{}", "{}")));
            JsonObject n = stream.next(WAIT);
            assertThat(n).as("the GET stream on B heard a change made on A").isNotNull();
            assertThat(n.getString("method")).isEqualTo("notifications/tools/list_changed");
        }
    }

    @Test
    void anElicitationAskedOnOneInstanceIsAnsweredThroughAnotherAndTheCallCompletes() throws Exception {
        HttpResponse<String> init = wire.post(cluster.instance(0), legacy(null),
                initialize("{\"elicitation\":{\"form\":{}}}"));
        String sid = init.headers().firstValue("mcp-session-id").orElseThrow();
        wire.post(cluster.instance(0), legacy(sid), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        try (Wire.Stream call = wire.open(cluster.instance(0), legacy(sid), rpc(7, "tools/call",
                "{\"name\":\"test_elicitation\",\"arguments\":{\"message\":\"Who are you?\"}}"))) {
            JsonObject ask = call.next(WAIT);
            assertThat(ask).isNotNull();
            assertThat(ask.getString("method")).isEqualTo("elicitation/create");
            Json askId = ask.get("id");
            String reply = "{\"jsonrpc\":\"2.0\",\"id\":" + askId + ",\"result\":{\"action\":\"accept\","
                    + "\"content\":{\"username\":\"grace\",\"email\":\"grace@example.org\"}}}";
            assertThat(wire.post(cluster.instance(2), legacy(sid), reply).statusCode())
                    .as("the answer, POSTed to C, was accepted").isEqualTo(202);
            JsonObject done = call.next(WAIT);
            assertThat(done).as("the call on A completed").isNotNull();
            assertThat(((JsonNumber) done.get("id")).longValue()).isEqualTo(7);
            assertThat(done.getObject("result").toString()).contains("grace@example.org");
        }
    }

    @Test
    void aSessionEndedThroughOneInstanceIsGoneOnEvery() throws Exception {
        HttpResponse<String> init = wire.post(cluster.endpoint(), legacy(null), initialize("{}"));
        String sid = init.headers().firstValue("mcp-session-id").orElseThrow();
        assertThat(wire.delete(cluster.instance(1), sid).statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = wire.post(cluster.instance(i), legacy(sid), rpc(1, "ping", null));
            assertThat(r.statusCode()).as("instance %d still served a revoked session", i).isEqualTo(404);
        }
    }

    @Test
    void theRateLimitIsCountedOnceForTheWholeFleet() throws Exception {
        String tool = "test_image_content"; // no other test calls it: its budget is this test's
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < RATE_BUDGET + 5; i++) {
            statuses.add(wire.post(cluster.endpoint(), modern("tools/call", tool),
                    modernBody(i, "tools/call", "\"name\":\"" + tool + "\",\"arguments\":{}", "{}")).statusCode());
        }
        assertThat(statuses.subList(0, RATE_BUDGET)).containsOnly(200);
        assertThat(statuses.subList(RATE_BUDGET, statuses.size())).containsOnly(429);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = wire.post(cluster.instance(i), modern("tools/call", tool),
                    modernBody(99, "tools/call", "\"name\":\"" + tool + "\",\"arguments\":{}", "{}"));
            assertThat(r.statusCode()).as("instance %d counted on its own", i).isEqualTo(429);
            assertThat(r.headers().firstValue("retry-after")).isPresent();
            assertThat(message(r).getObject("error").getString("message")).contains("at most " + RATE_BUDGET + " requests per 1h");
        }
    }
}
