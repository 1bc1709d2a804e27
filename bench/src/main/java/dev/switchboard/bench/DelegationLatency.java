package dev.switchboard.bench;

import dev.switchboard.agents.Agent;
import dev.switchboard.agents.AgentKey;
import dev.switchboard.agents.Rule;
import dev.switchboard.client.CallOptions;
import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * End-to-end latency of agent delegation over real HTTP on loopback: a client calls a skill of
 * agent {@code front} and waits for its task (callToolAndWait); one hop is {@code back}'s skill
 * called directly, two hops are {@code front} delegating to {@code back} with a signed token. Both
 * skills run as tasks, so the figures include task creation, following both tasks (pushed changes
 * on a listen stream, polling at the suggested interval as the fallback), and token minting and
 * verification.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.switchboard.bench.DelegationLatency 300 20}
 * (calls per point and the suggested poll interval in ms).
 */
public final class DelegationLatency {
    private static final JsonObject ANY = (JsonObject) Wire.parse("{\"type\":\"object\"}");

    private DelegationLatency() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Duration poll = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 20);
        AgentKey frontKey = AgentKey.generate("front");
        AgentKey backKey = AgentKey.generate("back");
        try (Agent back = Agent.builder(backKey).trust(frontKey).acceptAnonymous(true).pollInterval(poll)
                .skill(Tool.of("noop", "Answers at once", ANY), ctx -> CallToolResult.of(TextContent.of("ok")), Rule.anyone())
                .start();
             Agent front = Agent.builder(frontKey).trust(backKey).acceptAnonymous(true).pollInterval(poll)
                     .peer("back", back.endpoint())
                     .skill(Tool.of("relay", "Asks back", ANY), ctx -> ctx.delegate("back", "noop", JsonObject.EMPTY),
                             Rule.anyone())
                     .start();
             McpClient toBack = McpClient.builder(back.endpoint()).taskPolling(Duration.ofMillis(1), Duration.ofSeconds(1)).build();
             McpClient toFront = McpClient.builder(front.endpoint()).taskPolling(Duration.ofMillis(1), Duration.ofSeconds(1)).build()) {
            System.out.printf(Locale.ROOT, "suggested poll interval %d ms, %d calls per point after %d warm-up calls%n",
                    poll.toMillis(), calls, calls);
            for (int round = 0; round < 2; round++) { // the first round warms the JIT up
                boolean report = round == 1;
                measure("one hop (client -> back)", toBack, "noop", calls, report);
                measure("two hops (client -> front -> back)", toFront, "relay", calls, report);
            }
        }
    }

    private static void measure(String what, McpClient client, String tool, int calls, boolean report) {
        long[] micros = new long[calls];
        CallOptions options = CallOptions.builder().taskTimeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            CallToolResult r = client.callToolAndWait(CallToolRequest.of(tool, JsonObject.EMPTY), options);
            micros[i] = (System.nanoTime() - t0) / 1_000;
            if (Boolean.TRUE.equals(r.isError())) {
                throw new IllegalStateException(what + " failed: " + r);
            }
        }
        if (report) {
            Arrays.sort(micros);
            System.out.printf(Locale.ROOT, "%-36s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n", what,
                    micros[calls / 2] / 1000.0, micros[(int) (calls * 0.99)] / 1000.0, micros[calls - 1] / 1000.0);
        }
    }
}
