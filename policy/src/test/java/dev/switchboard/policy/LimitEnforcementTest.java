package dev.switchboard.policy;

import dev.switchboard.policy.approval.Approvals;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestMeta;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.policy.Bundles.delegated;
import static dev.switchboard.policy.Bundles.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Rules' limit obligations on an in-process server: counted per key, refused with -31429 and when to retry. */
class LimitEnforcementTest {
    static final String BUNDLE = """
            rules:
              - id: search
                match: {tools: [search, lookup]}
                effect: allow
                limit: {rate: 3/1m, per: [principal, tool]}
              - id: fleet-budget
                match: {tools: [search]}
                effect: allow
                limit: {rate: 5/1h}
              - id: big-payments
                match: {tools: [pay]}
                effect: require_approval
                reason: always
                limit: {rate: 1/1m, per: [principal]}
              - id: bots
                match: {tools: [lookup]}
                when: agent != ""
                effect: allow
                limit: {rate: 1/1m, per: [agent]}
            """;

    @TempDir
    Path dir;
    final AtomicInteger handled = new AtomicInteger();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

    final java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

    McpServer server(Counters counters, Approvals approvals) {
        return server(BUNDLE, counters, approvals);
    }

    McpServer server(String bundle, Counters counters, Approvals approvals) {
        PolicyEngine engine = new PolicyEngine(Bundles.load(dir, bundle));
        PolicyInterceptor.Builder policy = PolicyInterceptor.builder(engine, "search-server").counters(counters).clock(clock)
                .decisions(new DecisionListener() {
                    @Override
                    public void decided(PolicyRequest request, dev.switchboard.server.RequestContext context, Decision d) {
                        heard.add(d.effect().wireName() + " " + request.target());
                    }

                    @Override
                    public void rateLimited(PolicyRequest request, dev.switchboard.server.RequestContext context, Decision d,
                                            McpException refusal) {
                        heard.add("rate_limited " + request.target() + " by " + ((JsonObject) refusal.data()).getString("rule"));
                    }
                });
        if (approvals != null) {
            policy.approvals(approvals);
        }
        McpServer.Builder b = McpServer.builder("search-server", "1").interceptor(policy.build());
        for (String name : new String[] {"search", "lookup", "pay"}) {
            b.tool(Tool.of(name, name, JsonObject.of("type", Json.of("object"))), ToolHandler.of(call -> {
                handled.incrementAndGet();
                return CallToolResult.of(TextContent.of("ok"));
            }));
        }
        return b.build();
    }

    static JsonObject call(McpServer server, Principal p, String tool, String extra) throws Exception {
        JsonObject params = (JsonObject) Wire.parse("{\"name\":\"" + tool + "\",\"arguments\":{}" + extra + "}");
        JsonObject meta = JsonObject.builder().put(MetaKeys.PROTOCOL_VERSION, "2026-07-28")
                .put(MetaKeys.CLIENT_CAPABILITIES, JsonObject.of("elicitation", JsonObject.of("url", JsonObject.EMPTY))).build();
        Request r = new Request(RequestId.of(1), "tools/call", params.with("_meta", meta));
        return server.handle(r, RequestMeta.read(r), p, EventSink.NONE, new CancellationSignal());
    }

    static McpException refused(McpServer server, Principal p, String tool) {
        return catchThrowableOfType(McpException.class, () -> call(server, p, tool, ""));
    }

    @Test
    void theCallOverTheRateIsRefusedWithRetryInformationNamingTheRule() throws Exception {
        McpServer s = server(new InMemoryStore(), null);
        for (int i = 0; i < 3; i++) {
            call(s, user("alice"), "search", "");
        }
        clock.advance(Duration.ofSeconds(15));
        McpException e = refused(s, user("alice"), "search");
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        // 45 s to the next window, then 20 s until the 3 weigh 3 × (60 − 20)/60 = 2 and leave room for one
        assertThat(e.getMessage()).startsWith("Rate limit of rule search reached: at most 3/1m per principal and tool")
                .contains("principal https://idp.example|alice").contains("search").contains("retry in 65 s");
        JsonObject data = (JsonObject) e.data();
        assertThat(data.get("retryAfterMs")).isEqualTo(Json.of(65_000));
        assertThat(data.getString("rule")).isEqualTo("search");
        assertThat(data.getString("rate")).isEqualTo("3/1m");
        assertThat(handled).hasValue(3);
        assertThat(heard).as("one decision heard per call, the limited one as such")
                .containsExactly("allow search", "allow search", "allow search", "rate_limited search by search");
    }

    @Test
    void countsAreKeptPerPrincipalAndToolAndComeBackAsTheWindowSlides() throws Exception {
        McpServer s = server(new InMemoryStore(), null);
        for (int i = 0; i < 3; i++) {
            call(s, user("alice"), "search", "");
        }
        assertThat(refused(s, user("alice"), "search")).isNotNull();
        call(s, user("bob"), "search", "");
        call(s, user("alice"), "lookup", "");
        clock.advance(Duration.ofMinutes(1));
        assertThat(refused(s, user("alice"), "search")).as("at the next window's start the 3 still weigh 3").isNotNull();
        clock.advance(Duration.ofSeconds(20));
        call(s, user("alice"), "search", "");
        assertThat(handled).hasValue(6);
    }

    @Test
    void aCallRefusedByOneLimitIsCountedByNone() throws Exception {
        McpServer s = server("""
                rules:
                  - id: per-user
                    match: {tools: [search]}
                    effect: allow
                    limit: {rate: 3/1h, per: [principal]}
                  - id: everyone
                    match: {tools: [search]}
                    effect: allow
                    limit: {rate: 2/1m}
                """, new InMemoryStore(), null);
        call(s, user("alice"), "search", "");
        call(s, user("alice"), "search", "");
        for (int i = 0; i < 5; i++) {
            assertThat(refused(s, user("alice"), "search").getMessage()).contains("rule everyone");
        }
        clock.advance(Duration.ofMinutes(2));
        call(s, user("alice"), "search", "");
        assertThat(refused(s, user("alice"), "search").getMessage()).as("the 5 refusals took nothing from per-user")
                .contains("rule per-user");
        assertThat(handled).hasValue(3);
    }

    @Test
    void aGlobalBudgetCountsEveryone() throws Exception {
        McpServer s = server(new InMemoryStore(), null);
        for (String who : new String[] {"a", "b", "c", "d", "e"}) {
            call(s, user(who), "search", "");
        }
        McpException e = refused(s, user("f"), "search");
        assertThat(e.getMessage()).contains("rule fleet-budget").contains("5/1h for everyone together");
    }

    @Test
    void aLimitPerAgentCountsTheAgentWhoeverItActsFor() throws Exception {
        McpServer s = server(new InMemoryStore(), null);
        call(s, delegated("alice", "bot"), "lookup", "");
        McpException e = refused(s, delegated("bob", "bot"), "lookup");
        assertThat(e.getMessage()).contains("rule bots").contains("agent bot");
        call(s, delegated("bob", "other-bot"), "lookup", "");
    }

    @Test
    void aRateLimitedApprovedCallKeepsItsApprovalForLater() throws Exception {
        InMemoryStore store = new InMemoryStore();
        Approvals approvals = Approvals.builder(store, store, new byte[32], () -> URI.create("http://x/approvals")).build();
        McpServer s = server(store, approvals);
        // first approval, used: takes the principal's one call per minute
        JsonObject asked = call(s, user("carol"), "pay", "");
        String id = ApprovalFlowTest.approvalIdOf(asked);
        approvals.decide(id, true, "t", null);
        call(s, user("carol"), "pay", ApprovalFlowTest.answer(asked, "accept"));
        assertThat(handled).hasValue(1);
        // second approval within the minute: limited, and not used up
        JsonObject again = call(s, user("carol"), "pay", "");
        approvals.decide(ApprovalFlowTest.approvalIdOf(again), true, "t", null);
        McpException e = catchThrowableOfType(McpException.class,
                () -> call(s, user("carol"), "pay", ApprovalFlowTest.answer(again, "accept")));
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(heard.getLast()).as("the refusal is heard, not only the require_approval before it")
                .isEqualTo("rate_limited pay by big-payments");
        // one a minute: the previous window's call weighs on the whole next window
        clock.advance(Duration.ofMinutes(2));
        call(s, user("carol"), "pay", ApprovalFlowTest.answer(again, "accept"));
        assertThat(handled).hasValue(2);
    }
}
