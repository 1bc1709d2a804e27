package dev.switchboard.agents;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.agents.internal.DelegationTokens;
import dev.switchboard.client.CallOptions;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.UnauthorizedException;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.agents.TaskWaits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Delegation over real HTTP between agents: who the callee sees, what it refuses (rules, scope,
 * audience, signatures, tampering, expiry, depth, cycles) and how cancellation travels down.
 */
@Timeout(60)
class DelegationTest {
    private static final JsonObject ANY = (JsonObject) Wire.parse("{\"type\":\"object\"}");
    private static final Tool WHOAMI = Tool.of("whoami", "Names the caller", ANY);
    /** Calls {@code tool} at the end of {@code route} (comma-separated agents), relaying through the others. */
    private static final Tool RELAY = Tool.of("relay", "Calls a tool through a route of agents", (JsonObject) Wire.parse(
            "{\"type\":\"object\",\"properties\":{\"route\":{\"type\":\"string\"},\"tool\":{\"type\":\"string\"}},"
                    + "\"required\":[\"route\",\"tool\"]}"));
    private static final Tool WAIT = Tool.of("wait_for_human", "Asks a question and waits", ANY);

    private final AgentKey a = AgentKey.generate("a");
    private final AgentKey b = AgentKey.generate("b");
    private final AgentKey c = AgentKey.generate("c");
    private final AgentKey users = AgentKey.generate("users");
    private final List<Agent> running = new ArrayList<>();
    private final CountDownLatch waiting = new CountDownLatch(1);
    private volatile boolean waitInterrupted;

    @AfterEach
    void stop() {
        running.forEach(Agent::close);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An agent trusting everyone here, with whoami (anyone), relay and wait_for_human; peers as given. */
    private Agent agent(AgentKey key, int port, Map<String, Integer> peers, Rule whoamiRule) throws Exception {
        Agent.Builder builder = Agent.builder(key).port(port).maxChainDepth(3)
                .trust(a).trust(b).trust(c).trust(users)
                .skill(WHOAMI, ctx -> CallToolResult.of(TextContent.of(ctx.caller().describe() + " via "
                        + ctx.caller().issuer() + " scopes " + ctx.caller().scopes())), whoamiRule)
                .skill(RELAY, ctx -> {
                    String[] route = ctx.arguments().getString("route").split(",", 2);
                    String tool = ctx.arguments().getString("tool");
                    return route.length == 1 ? ctx.delegate(route[0], tool, JsonObject.EMPTY)
                            : ctx.delegate(route[0], "relay", JsonObject.of("route", Json.of(route[1]), "tool", Json.of(tool)));
                }, Rule.anyone())
                .skill(WAIT, ctx -> {
                    waiting.countDown();
                    ElicitResult r = ctx.elicit("q", ElicitRequest.form("Continue?", ANY));
                    return CallToolResult.of(TextContent.of("answered " + r.action()));
                }, Rule.anyone());
        peers.forEach((id, p) -> builder.peer(id, URI.create("http://127.0.0.1:" + p + "/mcp")));
        Agent agent = builder.start();
        running.add(agent);
        return agent;
    }

    private String userToken(String audience, String subject) {
        Instant now = Instant.now();
        return new DelegationTokens(users, Map.of(), 4, Clock.systemUTC()).sign(new JWTClaimsSet.Builder()
                .issuer("users").subject(subject).audience(audience).claim("scope", "relay whoami wait_for_human")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120))).jwtID("t").build());
    }

    private static McpClient client(Agent agent, String token) {
        McpClient.Builder b = McpClient.builder(agent.endpoint()).elicitation(r -> ElicitResult.decline(), true, false);
        return (token == null ? b : b.bearerToken(token)).build();
    }

    private static String text(CallToolResult r) {
        return ((TextContent) r.content().getFirst()).text();
    }

    private static CallToolResult call(McpClient client, String tool, String args) {
        return client.callToolAndWait(CallToolRequest.of(tool, (JsonObject) Wire.parse(args)),
                CallOptions.builder().taskTimeout(Duration.ofSeconds(20)).build());
    }

    @Test
    void theCalleeSeesTheUserAndEveryAgentInBetweenWithAScopeOfOneTool() throws Exception {
        int pb = freePort();
        int pc = freePort();
        Agent agentA = agent(a, 0, Map.of("b", pb), Rule.anyone());
        agent(b, pb, Map.of("c", pc), Rule.anyone());
        agent(c, pc, Map.of(), Rule.calledBy("b"));
        try (McpClient alice = client(agentA, userToken("a", "alice"))) {
            CallToolResult r = call(alice, "relay", "{\"route\":\"b,c\",\"tool\":\"whoami\"}");
            assertThat(text(r)).isEqualTo("b for a for alice via b scopes [whoami]");
        }
    }

    @Test
    void twoHopsCarryTheChain() throws Exception {
        int pb = freePort();
        Agent agentA = agent(a, 0, Map.of("b", pb), Rule.anyone());
        agent(b, pb, Map.of(), Rule.calledBy("a").and(Rule.subjects("alice")));
        try (McpClient alice = client(agentA, userToken("a", "alice"))) {
            CallToolResult r = call(alice, "relay", "{\"route\":\"b\",\"tool\":\"whoami\"}");
            assertThat(text(r)).isEqualTo("a for alice via a scopes [whoami]");
        }
        try (McpClient bob = client(agentA, userToken("a", "bob"))) {
            CallToolResult r = call(bob, "relay", "{\"route\":\"b\",\"tool\":\"whoami\"}");
            assertThat(r.isError()).isTrue();
            assertThat(text(r)).contains("b whoami: refused").contains("refuses whoami for a for bob")
                    .contains("the rule requires called by a and on behalf of alice");
        }
    }

    @Test
    void aCycleIsRefusedBeforeItLoops() throws Exception {
        int pa = freePort();
        int pb = freePort();
        Agent agentA = agent(a, pa, Map.of("b", pb), Rule.anyone());
        agent(b, pb, Map.of("a", pa), Rule.anyone());
        try (McpClient alice = client(agentA, userToken("a", "alice"))) {
            // a.relay -> b.relay(to a) -> a: b refuses to mint a token that brings the chain back to a
            CallToolResult r = call(alice, "relay", "{\"route\":\"b,a\",\"tool\":\"whoami\"}");
            assertThat(r.isError()).isTrue();
            assertThat(text(r)).contains("delegation cycle: a already acts in the chain b > a");
        }
    }

    @Test
    void tokensForAnotherAudienceForgedTamperedOrExpiredAreRefusedWith401() throws Exception {
        Agent agentB = agent(b, 0, Map.of(), Rule.anyone());
        Principal alice = Principal.user("users", "alice", Set.of());
        DelegationTokens fromA = new DelegationTokens(a, Map.of(), 4, Clock.systemUTC());
        String forC = fromA.mint(alice, "c", Set.of("whoami"), Duration.ofMinutes(1));
        String good = fromA.mint(alice, "b", Set.of("whoami"), Duration.ofMinutes(1));
        AgentKey impostor = AgentKey.generate("a"); // claims to be a, with another key
        String forged = new DelegationTokens(impostor, Map.of(), 4, Clock.systemUTC())
                .mint(alice, "b", Set.of("whoami"), Duration.ofMinutes(1));
        String[] parts = good.split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"alice\"", "\"admin\"");
        String tampered = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
        String expired = new DelegationTokens(a, Map.of(), 4,
                Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), java.time.ZoneOffset.UTC))
                .mint(alice, "b", Set.of("whoami"), Duration.ofMinutes(2));

        Map<String, String> cases = Map.of(
                forC, "the token is for [c], not b",
                forged, "signature does not verify with a's key",
                tampered, "signature does not verify",
                expired, "the token expired",
                "not-a-jwt", "not a signed JWT");
        for (var e : cases.entrySet()) {
            try (McpClient client = client(agentB, e.getKey())) {
                assertThatThrownBy(() -> call(client, "whoami", "{}"))
                        .isInstanceOf(UnauthorizedException.class)
                        .hasMessageContaining(e.getValue());
            }
        }
        try (McpClient client = client(agentB, good)) {
            assertThat(text(call(client, "whoami", "{}"))).isEqualTo("a for alice via a scopes [whoami]");
        }
        try (McpClient none = client(agentB, null)) {
            assertThatThrownBy(() -> call(none, "whoami", "{}")).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("needs a delegation token");
        }
    }

    @Test
    void aTokenIsGoodForTheToolItNamesOnly() throws Exception {
        Agent agentB = agent(b, 0, Map.of(), Rule.anyone());
        String onlyWhoami = new DelegationTokens(a, Map.of(), 4, Clock.systemUTC())
                .mint(Principal.user("users", "alice", Set.of()), "b", Set.of("whoami"), Duration.ofMinutes(1));
        try (McpClient client = client(agentB, onlyWhoami)) {
            assertThatThrownBy(() -> call(client, "wait_for_human", "{}"))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.error().code()).isEqualTo(ErrorCode.FORBIDDEN);
                        assertThat(e.error().message()).contains("the delegation token allows only [whoami]");
                    });
        }
    }

    @Test
    void aChainDeeperThanAllowedIsRefusedWith403() throws Exception {
        Agent agentB = agent(b, 0, Map.of(), Rule.anyone());
        // c acting for x for y for alice: 3 actors, then b would be the 4th; b accepts at most 3
        Principal deep = new Principal("c", "alice", List.of("x", "y"), Set.of());
        String token = new DelegationTokens(c, Map.of(), 9, Clock.systemUTC())
                .mint(deep, "b", Set.of("whoami"), Duration.ofMinutes(1));
        try (McpClient client = client(agentB, token)) {
            assertThat(text(call(client, "whoami", "{}"))).isEqualTo("c for x for y for alice via c scopes [whoami]");
        }
        Principal deeper = new Principal("c", "alice", List.of("x", "y", "z"), Set.of());
        String tooDeep = new DelegationTokens(c, Map.of(), 9, Clock.systemUTC())
                .mint(deeper, "b", Set.of("whoami"), Duration.ofMinutes(1));
        try (McpClient client = client(agentB, tooDeep)) {
            assertThatThrownBy(() -> call(client, "whoami", "{}"))
                    .hasMessageContaining("403")
                    .hasMessageContaining("is 4 agents deep; at most 3 are allowed");
        }
        // a token that claims a cycle (b already in the chain) is refused by b
        String cyclic = new DelegationTokens(c, Map.of(), 9, Clock.systemUTC())
                .sign(new JWTClaimsSet.Builder().issuer("c").subject("alice").audience("b")
                        .claim("act", Map.of("sub", "c", "act", Map.of("sub", "b")))
                        .claim("scope", "whoami").issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        try (McpClient client = client(agentB, cyclic)) {
            assertThatThrownBy(() -> call(client, "whoami", "{}"))
                    .hasMessageContaining("delegation cycle: b already acts in the chain c > b");
        }
    }

    @Test
    void cancellingTheCallersTaskCancelsTheCalleesTask() throws Exception {
        int pb = freePort();
        Agent agentA = agent(a, 0, Map.of("b", pb), Rule.anyone());
        Agent agentB = agent(b, pb, Map.of(), Rule.anyone());
        try (McpClient alice = client(agentA, userToken("a", "alice"))) {
            var created = (dev.switchboard.client.ToolCallOutcome.TaskCreated) alice.callToolAsTask(
                    CallToolRequest.of("relay", (JsonObject) Wire.parse("{\"route\":\"b\",\"tool\":\"wait_for_human\"}")),
                    CallOptions.DEFAULT);
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
            DetailedTask t = waitFor(alice, created.task().taskId(), TasksExtension.INPUT_REQUIRED);
            String calleeTask = t.inputRequests().keySet().iterator().next().split("/")[1];
            alice.cancelTask(created.task().taskId());
            waitFor(alice, created.task().taskId(), TasksExtension.CANCELLED);

            // b's task belongs to "a for alice": look at it with such a token
            String asA = new DelegationTokens(a, Map.of(), 4, Clock.systemUTC())
                    .mint(Principal.user("users", "alice", Set.of()), "b", Set.of(), Duration.ofMinutes(1));
            try (McpClient viewer = client(agentB, asA)) {
                waitFor(viewer, calleeTask, TasksExtension.CANCELLED);
            }
        }
    }

}
