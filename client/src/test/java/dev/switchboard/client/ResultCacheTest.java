package dev.switchboard.client;

import dev.switchboard.testkit.RecordingProxy;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.ListToolsRequest;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Result caching by {@code ttlMs} (brief §3.3). */
class ResultCacheTest {
    static final String TOOLS = "{\"resultType\":\"complete\",\"tools\":[],\"ttlMs\":%s,\"cacheScope\":\"private\"}";

    static FakeServer tools(String ttl) {
        return FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r, TOOLS.formatted(ttl))));
    }

    @Test
    void cachingIsOffByDefault() {
        try (FakeServer server = tools("60000");
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            client.listTools(ListToolsRequest.firstPage());
            client.listTools(ListToolsRequest.firstPage());
            assertThat(server.received("tools/list")).hasSize(2);
        }
    }

    @Test
    void aSecondListWithinTheTtlIsServedFromTheCacheAndRefetchedAfterIt() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (FakeServer server = tools("1000");
             McpClient client = McpClient.builder(server.endpoint()).cache(true).cacheClock(clock).build()) {
            ListToolsResult first = client.listTools(ListToolsRequest.firstPage());
            clock.advance(Duration.ofMillis(999));
            assertThat(client.listTools(ListToolsRequest.firstPage())).isEqualTo(first);
            assertThat(server.received("tools/list")).hasSize(1);
            clock.advance(Duration.ofMillis(1));
            client.listTools(ListToolsRequest.firstPage());
            assertThat(server.received("tools/list")).hasSize(2);
            client.listTools(ListToolsRequest.firstPage()); // fresh again, counted from the new response
            assertThat(server.received("tools/list")).hasSize(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"resultType\":\"complete\",\"tools\":[],\"ttlMs\":0,\"cacheScope\":\"public\"}",
            "{\"resultType\":\"complete\",\"tools\":[],\"cacheScope\":\"public\"}"})
    void aTtlOfZeroOrNoneIsNeverCached(String result) {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r, result)));
             McpClient client = McpClient.builder(server.endpoint()).cache(true).build()) {
            client.listTools(ListToolsRequest.firstPage());
            client.listTools(ListToolsRequest.firstPage());
            assertThat(server.received("tools/list")).hasSize(2);
        }
    }

    @Test
    void aDifferentCursorOrUriIsADifferentEntryButMetaIsNot() {
        String read = "{\"resultType\":\"complete\",\"contents\":[],\"ttlMs\":60000,\"cacheScope\":\"public\"}";
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) ->
                FakeServer.result(ex, r, "resources/read".equals(r.method()) ? read : TOOLS.formatted("60000"))));
             McpClient client = McpClient.builder(server.endpoint()).cacheMaxEntries(10).build()) {
            client.listTools(ListToolsRequest.firstPage());
            client.listTools(new ListToolsRequest("c2", null));
            client.listTools(new ListToolsRequest("c2", JsonObject.of("trace", Json.of("x"))));
            client.listTools(ListToolsRequest.firstPage());
            assertThat(server.received("tools/list")).extracting(r -> r.params().getString("cursor"))
                    .containsExactly(null, "c2");
            client.readResource("demo://a");
            client.readResource("demo://b");
            client.readResource("demo://a");
            assertThat(server.received("resources/read")).extracting(r -> r.params().getString("uri"))
                    .containsExactly("demo://a", "demo://b");
        }
    }

    @Test
    void invalidationForcesARefetch() {
        try (FakeServer server = tools("60000");
             McpClient client = McpClient.builder(server.endpoint()).cache(true).build()) {
            client.listTools(ListToolsRequest.firstPage());
            client.invalidateCache();
            client.listTools(ListToolsRequest.firstPage());
            client.invalidateCache(Methods.PROMPTS_LIST);
            client.listTools(ListToolsRequest.firstPage());
            assertThat(server.received("tools/list")).hasSize(2);
            client.invalidateCache(Methods.TOOLS_LIST);
            client.listTools(ListToolsRequest.firstPage());
            assertThat(server.received("tools/list")).hasSize(3);
        }
    }

    @Test
    void anInvalidCursorDropsEveryCachedPageOfThatList() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> {
            if ("stale".equals(r.params().getString("cursor"))) {
                FakeServer.json(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id()
                        + ",\"error\":{\"code\":-32602,\"message\":\"invalid cursor\"}}");
            } else {
                FakeServer.result(ex, r, TOOLS.formatted("60000"));
            }
        }));
             McpClient client = McpClient.builder(server.endpoint()).cache(true).build()) {
            client.listTools(ListToolsRequest.firstPage());
            assertThatThrownBy(() -> client.listTools(new ListToolsRequest("stale", null)))
                    .isInstanceOf(ErrorResponseException.class);
            client.listTools(ListToolsRequest.firstPage());
            assertThat(server.received("tools/list")).hasSize(3);
        }
    }

    @Test
    void mrtrRetriesAndInputRequiredResultsAreNotCached() {
        AtomicInteger reads = new AtomicInteger();
        String ask = "{\"resultType\":\"input_required\",\"requestState\":\"s1\",\"ttlMs\":60000}";
        String done = "{\"resultType\":\"complete\",\"contents\":[],\"ttlMs\":60000,\"cacheScope\":\"private\"}";
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) ->
                FakeServer.result(ex, r, reads.getAndIncrement() % 2 == 0 ? ask : done)));
             McpClient client = McpClient.builder(server.endpoint()).cache(true).build()) {
            client.readResource("demo://a");
            client.readResource("demo://a");
            var sent = server.received("resources/read");
            assertThat(sent).hasSize(4);
            assertThat(sent).extracting(r -> r.params().getString("requestState")).containsExactly(null, "s1", null, "s1");
        }
    }

    @Test
    void theRealDemoServerIsAskedOnceWithinItsTtl() throws Exception {
        try (McpHttpServer demo = RealServers.demo();
             RecordingProxy proxy = new RecordingProxy(demo.endpoint());
             McpClient client = McpClient.builder(proxy.endpoint()).era(Era.MODERN).cache(true).build()) {
            ListToolsResult first = client.listTools(ListToolsRequest.firstPage());
            assertThat(client.listTools(ListToolsRequest.firstPage())).isEqualTo(first);
            assertThat(client.listAllTools()).isEqualTo(first.tools());
            assertThat(proxy.seen("tools/list")).hasSize(1);
        }
    }

    @Test
    void sessionEraResultsCarryNoTtlAndAreNotCached() throws Exception {
        try (McpHttpServer demo = RealServers.demo();
             RecordingProxy proxy = new RecordingProxy(demo.endpoint());
             McpClient client = McpClient.builder(proxy.endpoint()).era(Era.LEGACY).cache(true).build()) {
            ListToolsResult first = client.listTools(ListToolsRequest.firstPage());
            assertThat(first.ttlMs()).isZero();
            assertThat(client.listTools(ListToolsRequest.firstPage()).tools()).isEqualTo(first.tools());
            assertThat(proxy.seen("tools/list")).hasSize(2);
        }
    }
}
