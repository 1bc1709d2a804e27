package dev.switchboard.gateway.interop;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.UpstreamStatus;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.notifications.ProgressNotification;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.testkit.interop.NodeScripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A third-party 2026-07-28 server behind the gateway: {@code interop/v2-server.mjs}, the demo's
 * four tools written on the TypeScript SDK v2 ({@code @modelcontextprotocol/server} 2.4.0, served
 * by its {@code createMcpHandler}: stateless, one server instance per request), spoken to in
 * 2026-07-28 and driven by {@link McpClient} in both eras. Its {@code greet} asks by returning
 * {@code input_required}; a 2026-07-28 client gets that as MRTR, a session-era client as an
 * {@code elicitation/create} request from the gateway, while the server sees two stateless
 * {@code tools/call}s either way (checked in its request log).
 */
@Timeout(120)
class TypeScriptServerThroughGatewayIT {
    private static final String MODERN = "v=2026-07-28";

    private static NodeScripts.Server ts;
    private static Fronted fronted;
    private static Gateway gateway;
    private static McpHttpServer front;

    @BeforeAll
    static void start() throws Exception {
        ts = NodeScripts.prepare().startServer("v2-server.mjs", Duration.ofSeconds(30));
        fronted = Fronted.of("ts", ts.url(), Era.MODERN);
        gateway = fronted.gateway();
        front = fronted.front();
    }

    @AfterAll
    static void stop() {
        Fronted.closeAll(fronted, ts);
    }

    @Test
    void theUpstreamIsTheTypeScriptServerSpeaking20260728() {
        UpstreamStatus status = gateway.upstreams().getFirst();
        assertThat(status.health()).as("%s%n%s", status, ts).isEqualTo(UpstreamStatus.Health.HEALTHY);
        assertThat(status.era()).isEqualTo("2026-07-28");
        assertThat(ts.process().isAlive()).isTrue();
        assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid)).contains(ts.process().pid());
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void listsEchoesAddsCountsWithProgressAndGreetsAfterAskingTheName(Era era) {
        List<ElicitRequest> asked = new CopyOnWriteArrayList<>();
        int logStart = ts.log().size();
        try (McpClient client = McpClient.builder(front.endpoint()).era(era).elicitation(r -> {
            asked.add(r);
            return ElicitResult.accept(JsonObject.of("name", Json.of("Ada")));
        }).build()) {
            assertThat(client.era()).isEqualTo(era);
            assertThat(client.protocolVersion()).isEqualTo(era == Era.MODERN ? "2026-07-28" : "2025-11-25");

            assertThat(client.listAllTools()).extracting(Tool::name).containsExactlyInAnyOrder("add", "count_slowly", "echo", "greet");
            assertThat(text(client.callTool("echo", JsonObject.of("text", Json.of("hi ✓"))))).isEqualTo("hi ✓");

            CallToolResult sum = client.callTool("add", JsonObject.of("a", Json.of(2), "b", JsonNumber.of(3.5)));
            assertThat(text(sum)).isEqualTo("5.5");
            assertThat(((JsonNumber) ((JsonObject) sum.structuredContent()).get("sum")).doubleValue()).isEqualTo(5.5);

            List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
            CallToolResult counted = client.callTool(CallToolRequest.of("count_slowly", JsonObject.of("n", Json.of(3))),
                    CallOptions.builder().onProgress(progress::add).build());
            assertThat(text(counted)).isEqualTo("counted to 3");
            assertThat(progress).extracting(ProgressNotification::progress).containsExactly(1.0, 2.0, 3.0);
            assertThat(progress).extracting(ProgressNotification::total).containsOnly(3.0);
            assertThat(progress).extracting(ProgressNotification::message).containsExactly("counted 1", "counted 2", "counted 3");

            int logBefore = ts.log().size();
            assertThat(text(client.callTool("greet", JsonObject.EMPTY))).isEqualTo("Hello, Ada!");
            assertThat(asked).hasSize(1);
            assertThat(asked.getFirst().message()).isEqualTo("What is your name?");

            // whatever the client's era, the server asked with input_required and got a stateless retry
            List<String> greetRounds = awaitLog(logBefore, 2).stream().filter(l -> l.contains("tools/call(greet)")).toList();
            assertThat(greetRounds).as("%s", ts).hasSize(2);
            // (the gateway sends every call with a progressToken of its own, to relay what progress comes)
            assertThat(greetRounds.get(0)).contains("POST tools/call(greet)+progressToken " + MODERN + " -> 200 application/json");
            assertThat(greetRounds.get(1)).contains("POST tools/call(greet)+inputResponses+progressToken " + MODERN + " -> 200 application/json");
        }
        assertThat(ts.log().subList(logStart, ts.log().size())).as("%s", ts).filteredOn(l -> l.startsWith("v2-server: POST"))
                .isNotEmpty()
                .allMatch(l -> l.contains(" " + MODERN + " "), "every request from the gateway is 2026-07-28")
                .noneMatch(l -> l.contains("+session") || l.contains("session-issued") || l.contains("initialize"));
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void aDeclinedQuestionReachesTheServerAsDeclined(Era era) {
        try (McpClient client = McpClient.builder(front.endpoint()).era(era).elicitation(r -> ElicitResult.decline()).build()) {
            assertThat(text(client.callTool("greet", JsonObject.EMPTY))).isEqualTo("Hello, whoever you are.");
        }
    }

    /**
     * What the gateway adds, seen without it: the SDK's handler serves the session era only
     * statelessly (no Mcp-Session-Id), so a session-era client gets {@code greet}'s question as an
     * error result instead of an {@code elicitation/create}: the per-request instance has no way
     * to receive an answer. Through the gateway (above) the same client is asked and greeted.
     */
    @Test
    void withoutTheGatewayASessionEraClientGetsNoSessionAndIsNeverAsked() {
        List<ElicitRequest> asked = new CopyOnWriteArrayList<>();
        try (McpClient client = McpClient.builder(ts.url()).era(Era.LEGACY).elicitation(r -> {
            asked.add(r);
            return ElicitResult.accept(JsonObject.of("name", Json.of("Ada")));
        }).build()) {
            assertThat(client.protocolVersion()).isEqualTo("2025-11-25");
            assertThat(text(client.callTool("echo", JsonObject.of("text", Json.of("direct"))))).isEqualTo("direct");
            CallToolResult greet = client.callTool("greet", JsonObject.EMPTY);
            assertThat(greet.isError()).isTrue();
            assertThat(text(greet)).contains("per-request legacy serving cannot receive server-to-client requests");
        }
        assertThat(asked).isEmpty();
        assertThat(ts.log()).as("%s", ts).filteredOn(l -> l.startsWith("v2-server: POST initialize "))
                .hasSize(1).noneMatch(l -> l.contains("session-issued"));
    }

    private static String text(CallToolResult r) {
        return ((TextContent) r.content().getFirst()).text();
    }

    /** The server logs an exchange when its response has ended, which may be just after the client saw it. */
    private static List<String> awaitLog(int from, int atLeast) {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> fresh;
        do {
            List<String> log = ts.log();
            fresh = log.subList(Math.min(from, log.size()), log.size()).stream().filter(l -> l.startsWith("v2-server: POST")).toList();
            if (fresh.size() >= atLeast) {
                return fresh;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < until);
        return fresh;
    }
}
