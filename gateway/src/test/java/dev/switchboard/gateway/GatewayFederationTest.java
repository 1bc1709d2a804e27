package dev.switchboard.gateway;

import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.Era;
import dev.switchboard.client.ListenListener;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.Subscription;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.client.discovery.Discovery;
import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.CatalogEntry;
import dev.switchboard.protocol.cards.Remote;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.discovery.ServerCards;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsRequest;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.ToolHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A gateway over two real upstreams: alpha (2026-07-28 over HTTP, prefix "") and beta (spoken to
 * in the session era over HTTP, prefix ""), so their echo tools and a resource URI collide.
 */
@Timeout(60)
class GatewayFederationTest {
    static final CountDownLatch NEVER = new CountDownLatch(1);
    static Upstreams.Running alpha;
    static Upstreams.Running beta;
    static Gateway gateway;
    static McpHttpServer front;
    static McpClient client;

    @BeforeAll
    static void start() throws Exception {
        alpha = Upstreams.start(Upstreams.alpha(NEVER));
        beta = Upstreams.start(Upstreams.beta());
        gateway = Gateway.builder("test/gateway", "1.0")
                // pinning off: a tool alpha adds at run time must reach clients at once (pinning: GatewayPinningTest)
                .upstream(UpstreamConfig.http("alpha", alpha.endpoint()).withPrefix("").withEra(Era.MODERN)
                        .withPinning(dev.switchboard.gateway.pinning.PinMode.OFF))
                .upstream(UpstreamConfig.http("beta", beta.endpoint()).withPrefix("").withEra(Era.LEGACY))
                .server(b -> b.pageSize(2))
                .start();
        McpHttpServer.Builder hb = McpHttpServer.builder(gateway.server()).port(0).health(gateway::health);
        for (String upstream : gateway.upstreamNames()) {
            hb.card("/mcp/upstreams/" + upstream, (url, open) -> gateway.upstreamCard(upstream, url, open).orElse(null));
        }
        front = hb.start();
        client = McpClient.builder(front.endpoint()).era(Era.MODERN).build();
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        client.close();
        front.close();
        gateway.close();
        alpha.close();
        beta.close();
    }

    static String text(CallToolResult r) {
        return ((TextContent) r.content().getFirst()).text();
    }

    @Test
    void servesTheUnionUnderCollisionFreeNames() {
        assertThat(gateway.upstreams()).extracting(UpstreamStatus::health)
                .containsOnly(UpstreamStatus.Health.HEALTHY);
        List<String> names = client.listAllTools().stream().map(Tool::name).toList();
        assertThat(names).containsSubsequence("echo", "hang", "big", "beta__echo", "add");
        assertThat(gateway.upstreams().get(1).era()).isEqualTo("2025-11-25");
    }

    @Test
    void routesEachCallToTheUpstreamThatOwnsTheName() {
        assertThat(text(client.callTool("echo", JsonObject.of("text", Json.of("hi"))))).isEqualTo("alpha:hi");
        assertThat(text(client.callTool("beta__echo", JsonObject.of("text", Json.of("hi"))))).isEqualTo("beta:hi");
        assertThat(text(client.callTool("add", JsonObject.of("a", Json.of(2), "b", Json.of(3))))).isEqualTo("5");
    }

    @Test
    void argumentsAreCheckedAgainstTheUpstreamSchemaBeforeForwarding() {
        CallToolResult r = client.callTool("add", JsonObject.of("a", Json.of("two")));
        assertThat(r.isError()).isTrue();
        assertThat(text(r)).contains("Invalid arguments for tool add");
    }

    @Test
    void paginatesTheUnionWithSealedCursors() {
        ListToolsResult first = client.listTools(ListToolsRequest.firstPage());
        assertThat(first.tools()).hasSize(2);
        assertThat(first.nextCursor()).isNotNull();
        ListToolsResult second = client.listTools(new ListToolsRequest(first.nextCursor(), null));
        assertThat(second.tools()).extracting(Tool::name).doesNotContainAnyElementsOf(first.tools().stream().map(Tool::name).toList());

        String cursor = first.nextCursor();
        String forged = cursor.substring(0, cursor.length() - 2) + (cursor.endsWith("A") ? "BB" : "AA");
        assertThatThrownBy(() -> client.listTools(new ListToolsRequest(forged, null)))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                    assertThat(e.getMessage()).contains("Invalid cursor");
                });
    }

    @Test
    void routesResourceReadsAndQualifiesTheCollidingUri() {
        assertThat(client.listAllResources()).extracting(r -> r.uri())
                .containsExactly("mem://shared", "beta+mem://shared");
        assertThat(readText(client.readResource("mem://shared"))).isEqualTo("from alpha");
        assertThat(readText(client.readResource("beta+mem://shared"))).isEqualTo("from beta");
        assertThat(readText(client.readResource("mem://alpha/7"))).isEqualTo("alpha item 7");
        assertThatThrownBy(() -> client.readResource("mem://nowhere"))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS));
    }

    @Test
    void forwardsPrompts() {
        assertThat(client.getPrompt("greet", Map.of("who", "Ada")).messages().getFirst().content())
                .isInstanceOfSatisfying(TextContent.class, t -> assertThat(t.text()).isEqualTo("hello Ada"));
    }

    @Test
    void neverPromisesLongerOrWiderCachingThanTheUpstreams() {
        // alpha says 30 s public, the gateway's own default is 60 s: a read of alpha's resource gets 30 s
        ReadResourceResult a = client.readResource("mem://shared");
        assertThat(a.ttlMs()).isEqualTo(30_000);
        assertThat(a.cacheScope()).isEqualTo(CacheScope.PUBLIC);
        // beta speaks the session era, which has no hints: its answers promise nothing
        ReadResourceResult b = client.readResource("beta+mem://shared");
        assertThat(b.ttlMs()).isZero();
        assertThat(b.cacheScope()).isEqualTo(CacheScope.PRIVATE);
        ListToolsResult tools = client.listTools(ListToolsRequest.firstPage());
        assertThat(tools.ttlMs()).isZero();
        assertThat(tools.cacheScope()).isEqualTo(CacheScope.PRIVATE);
    }

    @Test
    void discoverDescribesTheUnion() {
        ServerCapabilities caps = client.discover().capabilities();
        assertThat(caps.tools()).isNotNull();
        assertThat(caps.resources()).isNotNull();
        assertThat(caps.prompts()).isNotNull();
    }

    @Test
    void sessionEraClientsAreServedToo() {
        try (McpClient legacy = McpClient.builder(front.endpoint()).era(Era.LEGACY).build()) {
            assertThat(text(legacy.callTool("beta__echo", JsonObject.of("text", Json.of("old"))))).isEqualTo("beta:old");
            assertThat(legacy.listAllTools()).extracting(Tool::name).contains("echo", "add");
        }
    }

    @Test
    void reEmitsAnUpstreamsListChangedToClients() throws Exception {
        CountDownLatch changed = new CountDownLatch(1);
        try (Subscription s = client.listen(new SubscriptionFilter(true, null, null, null, null), new ListenListener() {
            @Override
            public void onToolsListChanged(ListChangedNotification n) {
                changed.countDown();
            }
        })) {
            alpha.server().addTool(Tool.of("late", "Added at run time", Upstreams.NO_ARGS),
                    ToolHandler.of(call -> CallToolResult.of(TextContent.of("late"))));
            assertThat(changed.await(10, TimeUnit.SECONDS)).as("list_changed reached the gateway's client").isTrue();
        } finally {
            alpha.server().removeTool("late");
        }
    }

    @Test
    void passesOnAnUpstreamsListChangedEvenWhenWhatItServesDidNotChange() throws Exception {
        CountDownLatch changed = new CountDownLatch(1);
        try (Subscription s = client.listen(new SubscriptionFilter(true, null, null, null, null), new ListenListener() {
            @Override
            public void onToolsListChanged(ListChangedNotification n) {
                changed.countDown();
            }
        })) {
            // beta pins its tools (block): a new one is held back, so the served list stays the same
            beta.server().addTool(Tool.of("held", "Added at run time, held back by pinning", Upstreams.NO_ARGS),
                    ToolHandler.of(call -> CallToolResult.of(TextContent.of("held"))));
            assertThat(changed.await(10, TimeUnit.SECONDS)).as("beta's list_changed was passed on").isTrue();
            assertThat(client.listAllTools()).extracting(Tool::name).doesNotContain("held");
        } finally {
            beta.server().removeTool("held");
        }
    }

    @Test
    void publishesAServerCardPerUpstreamAsServedHereAndListsThemInTheAiCatalog() {
        URI alphaCard = URI.create(front.endpoint() + "/upstreams/alpha/server-card");
        ServerCard alpha = Discovery.card(alphaCard);
        assertThat(alpha.name()).isEqualTo("test/alpha");
        assertThat(alpha.description()).endsWith("(through test/gateway)");
        assertThat(alpha.remotes()).extracting(Remote::url).containsExactly(front.endpoint().toString());
        // each card lists its upstream's tools under the names served here, and no other upstream's
        assertThat(ServerCards.tools(alpha)).extracting(ServerCards.ToolSummary::name).contains("echo", "hang")
                .doesNotContain("beta__echo", "add");
        ServerCard beta = Discovery.card(URI.create(front.endpoint() + "/upstreams/beta/server-card"));
        assertThat(beta.name()).isEqualTo("test/beta");
        assertThat(ServerCards.tools(beta)).extracting(ServerCards.ToolSummary::name).contains("beta__echo", "add")
                .doesNotContain("echo", "held");
        AiCatalog catalog = Discovery.catalog(front.endpoint().resolve("/"));
        assertThat(catalog.entries()).extracting(CatalogEntry::url).containsExactly(
                front.endpoint() + "/server-card", alphaCard.toString(), front.endpoint() + "/upstreams/beta/server-card");
    }

    @Test
    void healthzReportsEveryUpstream() throws Exception {
        URI healthz = front.endpoint().resolve("/healthz");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(healthz).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject body = (JsonObject) Wire.parse(r.body());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body.getString("status")).isEqualTo("ok");
        assertThat(body.get("upstreams").toString()).contains("\"name\":\"alpha\"", "\"name\":\"beta\"", "\"health\":\"healthy\"");
    }

    static String readText(ReadResourceResult r) {
        return ((TextResourceContents) r.contents().getFirst()).text();
    }
}
