package dev.switchboard.gateway;

import dev.switchboard.testkit.RecordingProxy;
import dev.switchboard.client.Era;
import dev.switchboard.client.ListenListener;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.Subscription;
import dev.switchboard.gateway.pinning.PinMode;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ResourceHandler;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.embedded.InProcessEventBus;
import dev.switchboard.state.kv.KeyValue;
import dev.switchboard.state.redis.RedisState;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.testkit.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three gateway instances sharing a key ring, a store and an event bus, as replicas behind a
 * round-robin balancer, in front of one upstream spoken to in both eras (through a recording
 * proxy, to count what reaches it): one session-era session for all of them, replaced once when
 * the upstream forgets it; one change stream per upstream, its resource updates reaching a
 * listener on every instance exactly once, its list changes reaching every instance's catalog, and
 * a new holder within the lease's bound when the holder dies.
 */
@Timeout(90)
class GatewaySharedUpstreamTest {
    static final Duration LEASE = Duration.ofMillis(900);
    private final KeyRing ring = KeyRing.generate();
    private final List<AutoCloseable> open = new ArrayList<>();
    private McpServer upstream;
    private McpHttpServer upstreamHttp;
    private RecordingProxy proxy;

    /** An instance's view of the shared store; {@link #dies} makes it leave its leases behind, as a killed process would. */
    static final class InstanceStore implements KeyValue {
        private final KeyValue shared;
        volatile boolean dies;

        InstanceStore(KeyValue shared) {
            this.shared = shared;
        }

        @Override
        public JsonObject get(String key) {
            return shared.get(key);
        }

        @Override
        public void put(String key, JsonObject value, Duration ttl) {
            shared.put(key, value, ttl);
        }

        @Override
        public void delete(String key) {
            shared.delete(key);
        }

        @Override
        public boolean putIfAbsent(String key, JsonObject value, Duration ttl) {
            return shared.putIfAbsent(key, value, ttl);
        }

        @Override
        public boolean compareAndSet(String key, JsonObject expected, JsonObject value, Duration ttl) {
            return shared.compareAndSet(key, expected, value, ttl);
        }

        @Override
        public boolean compareAndDelete(String key, JsonObject expected) {
            return !dies && shared.compareAndDelete(key, expected);
        }

        @Override
        public void addToSet(String key, String member, Duration ttl) {
            shared.addToSet(key, member, ttl);
        }

        @Override
        public void removeFromSet(String key, String member) {
            shared.removeFromSet(key, member);
        }

        @Override
        public Set<String> members(String key) {
            return shared.members(key);
        }
    }

    /** One gateway instance on its own port. */
    record Instance(Gateway gateway, McpHttpServer http, InstanceStore store) implements AutoCloseable {
        /** What its /healthz says: it holds the upstream's change stream. */
        boolean listensTo(String upstream) {
            return ((JsonArray) gateway.health().get("upstreams")).values().stream().map(u -> (JsonObject) u)
                    .filter(u -> upstream.equals(u.getString("name"))).anyMatch(u -> JsonBoolean.TRUE.equals(u.get("listener")));
        }

        McpClient client() {
            // declares every input capability, so the gateway speaks for it on its main upstream session
            return McpClient.builder(http.endpoint()).era(Era.MODERN)
                    .elicitation(r -> ElicitResult.decline(), true, true)
                    .sampling(r -> {
                        throw new IllegalStateException("not asked here");
                    }, true)
                    .roots(r -> ListRootsResult.of()).build();
        }

        @Override
        public void close() {
            http.close();
            gateway.close();
        }
    }

    private Instance instance(KeyValue shared, EventBus bus) throws Exception {
        InstanceStore store = new InstanceStore(shared);
        Gateway g = Gateway.builder("test/gateway", "1.0").keyRing(ring).listenerLease(LEASE)
                .server(s -> s.eventBus(bus).keyValue(store))
                .upstream(UpstreamConfig.http("modern", proxy.endpoint()).withEra(Era.MODERN).withPinning(PinMode.OFF))
                .upstream(UpstreamConfig.http("legacy", proxy.endpoint()).withEra(Era.LEGACY).withPinning(PinMode.OFF))
                .start();
        Instance i = new Instance(g, McpHttpServer.builder(g.server()).port(0).start(), store);
        open.add(i);
        return i;
    }

    /** The upstream every instance shares, behind the proxy that counts what reaches it. */
    private void startUpstream() throws Exception {
        upstream = McpServer.builder("test/shared", "1.0")
                .tool(Tool.of("echo", "Echoes text", Upstreams.TEXT_ARG), ToolHandler.of(call ->
                        CallToolResult.of(TextContent.of(call.arguments().getString("text")))))
                .resource(Resource.of("mem://status", "status", "text/plain"), ResourceHandler.of(read ->
                        List.of(TextResourceContents.of(read.uri(), "text/plain", "ok"))))
                .build();
        // a short keep-alive: the upstream notices a dead holder's GET stream soon and lets the next one open
        upstreamHttp = McpHttpServer.builder(upstream).port(0).keepAlive(Duration.ofMillis(200)).start();
        proxy = new RecordingProxy(upstreamHttp.endpoint());
    }

    private List<Instance> three(KeyValue shared, EventBus bus) throws Exception {
        startUpstream();
        List<Instance> all = List.of(instance(shared, bus), instance(shared, bus), instance(shared, bus));
        await("one instance listens to each upstream", () -> holders(all, "legacy").size() == 1
                && holders(all, "modern").size() == 1 && legacyStreams() == 1 && modernListens() == 1);
        return all;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        if (proxy != null) {
            proxy.close();
            upstreamHttp.close();
            upstream.close();
        }
    }

    private static List<Instance> holders(List<Instance> instances, String upstream) {
        return instances.stream().filter(i -> i.listensTo(upstream)).toList();
    }

    private int initializes() {
        return proxy.seen("initialize").size();
    }

    /** Session-era GET streams the upstream was asked for. */
    private int legacyStreams() {
        return (int) proxy.seen().stream().filter(s -> s.httpMethod().equals("GET")).count();
    }

    private int modernListens() {
        return proxy.seen("subscriptions/listen").size();
    }

    private static String echo(Instance i, String text) {
        try (McpClient c = i.client()) {
            return ((TextContent) c.callTool("legacy__echo", JsonObject.of("text", Json.of(text))).content().getFirst()).text();
        }
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void everyInstanceSpeaksOnOneUpstreamSession() throws Exception {
        List<Instance> all = three(new InMemoryStore(), new InProcessEventBus());
        for (Instance i : all) {
            assertThat(echo(i, "hi")).isEqualTo("hi");
        }
        assertThat(initializes()).as("initialize requests reaching the upstream").isEqualTo(1);
        Set<String> sessions = proxy.seen("tools/call").stream().map(s -> s.header("Mcp-Session-Id"))
                .collect(Collectors.toSet());
        assertThat(sessions).hasSize(1).doesNotContainNull();
    }

    @Test
    void aForgottenSessionIsInitializedAgainOnceAndEveryInstanceGoesOn() throws Exception {
        List<Instance> all = three(new InMemoryStore(), new InProcessEventBus());
        echo(all.get(0), "before");
        String first = proxy.seen("tools/call").getLast().header("Mcp-Session-Id");
        try (HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertThat(jdk.send(HttpRequest.newBuilder(upstreamHttp.endpoint()).DELETE().header("Mcp-Session-Id", first)
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
        proxy.dropStreams(); // as a restart of the upstream would
        for (Instance i : all) {
            assertThat(echo(i, "after")).isEqualTo("after");
        }
        assertThat(initializes()).as("initialize requests reaching the upstream").isEqualTo(2);
        var after = proxy.seen("tools/call").stream()
                .filter(c -> "after".equals(c.body().getObject("params").getObject("arguments").getString("text"))).toList();
        String second = after.stream().filter(c -> c.status() == 200).findFirst().orElseThrow().header("Mcp-Session-Id");
        assertThat(second).isNotEqualTo(first);
        assertThat(after.stream().filter(c -> c.status() == 200))
                .hasSize(3).allSatisfy(c -> assertThat(c.header("Mcp-Session-Id")).isEqualTo(second));
        // each instance finds the old session gone once, unless the listener's stream already moved it on
        assertThat(after.stream().filter(c -> c.status() == 404)).hasSizeBetween(2, 3)
                .allSatisfy(c -> assertThat(c.header("Mcp-Session-Id")).isEqualTo(first));
        // the listener moved to the new session too: updates still arrive
        await("the session's GET stream is open again", () -> proxy.seen().stream()
                .anyMatch(s -> s.httpMethod().equals("GET") && second.equals(s.header("Mcp-Session-Id"))));
    }

    /** Every resources/updated a listen stream on each instance receives, by instance. */
    private final Map<Integer, List<String>> heard = new ConcurrentHashMap<>();

    private Subscription listen(int n, Instance i) {
        McpClient c = i.client();
        open.add(c);
        Subscription s = c.listen(new SubscriptionFilter(null, null, null, List.of("mem://status", "legacy+mem://status"),
                null), new ListenListener() {
            @Override
            public void onResourceUpdated(ResourceUpdatedNotification u) {
                heard.computeIfAbsent(n, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(u.uri());
            }
        });
        open.add(s);
        return s;
    }

    private List<String> heardBy(int n) {
        return List.copyOf(heard.getOrDefault(n, List.of()));
    }

    @Test
    void oneListenerPerUpstreamAndEachUpdateReachesEveryInstanceOnce() throws Exception {
        List<Instance> all = three(new InMemoryStore(), new InProcessEventBus());
        for (int n = 0; n < all.size(); n++) {
            listen(n, all.get(n));
        }
        upstream.resourceUpdated("mem://status");
        await("every instance's listener heard both served URIs", () ->
                List.of(0, 1, 2).stream().allMatch(n -> heardBy(n).size() >= 2));
        Thread.sleep(500); // room for duplicates to arrive, were there any
        for (int n = 0; n < all.size(); n++) {
            assertThat(heardBy(n)).as("updates heard through instance %d", n)
                    .containsExactlyInAnyOrder("mem://status", "legacy+mem://status");
        }
        assertThat(legacyStreams()).as("session-era GET streams opened upstream").isEqualTo(1);
        assertThat(modernListens()).as("subscriptions/listen streams opened upstream").isEqualTo(1);
    }

    @Test
    void aListChangeTheHolderHearsReachesEveryInstancesCatalog() throws Exception {
        List<Instance> all = three(new InMemoryStore(), new InProcessEventBus());
        upstream.addTool(Tool.of("added", "Added later", Upstreams.NO_ARGS), ToolHandler.of(call ->
                CallToolResult.of(TextContent.of("added"))));
        for (Instance i : all) {
            try (McpClient c = i.client()) {
                await("the new tool is served by every instance", () -> c.listAllTools().stream()
                        .map(Tool::name).collect(Collectors.toSet()).containsAll(Set.of("modern__added", "legacy__added")));
            }
        }
        assertThat(legacyStreams() + modernListens()).as("change streams opened upstream").isEqualTo(2);
    }

    @Test
    void whenTheHolderDiesAnotherTakesOverWithinTheLeaseAndUpdatesStillArrive() throws Exception {
        List<Instance> all = three(new InMemoryStore(), new InProcessEventBus());
        Instance holder = holders(all, "legacy").getFirst();
        boolean heldModern = holder.listensTo("modern");
        List<Instance> rest = all.stream().filter(i -> i != holder).toList();
        for (int n = 0; n < rest.size(); n++) {
            listen(n, rest.get(n));
        }
        holder.store().dies = true; // its leases stay behind, as after kill -9
        long died = System.nanoTime();
        holder.close();
        proxy.dropStreams(); // and its sockets are closed
        open.remove(holder);
        await("another instance listens to the legacy upstream", () -> holders(rest, "legacy").size() == 1);
        long tookMs = (System.nanoTime() - died) / 1_000_000;
        assertThat(tookMs).as("takeover time (lease %d ms)", LEASE.toMillis()).isLessThan(LEASE.toMillis() * 4 / 3 + 1_500);
        await("its stream is open", () -> proxy.seen().stream()
                .filter(s -> s.httpMethod().equals("GET") && s.status() == 200).count() == 2);
        // the gap: the new holder has clients read its resources again
        await("the takeover's update reached both listeners", () ->
                heardBy(0).contains("legacy+mem://status") && heardBy(1).contains("legacy+mem://status"));
        if (heldModern) {
            await("the modern upstream's lease moved too, with its update", () -> holders(rest, "modern").size() == 1
                    && heardBy(0).contains("mem://status") && heardBy(1).contains("mem://status"));
        }
        Thread.sleep(200);
        heard.clear();
        upstream.resourceUpdated("mem://status");
        await("both listeners heard the next update", () -> heardBy(0).size() >= 2 && heardBy(1).size() >= 2);
        Thread.sleep(500);
        assertThat(heardBy(0)).containsExactlyInAnyOrder("mem://status", "legacy+mem://status");
        assertThat(heardBy(1)).containsExactlyInAnyOrder("mem://status", "legacy+mem://status");
    }

    @Test
    void aHolderClosingCleanlyHandsTheLeaseOverAtOnce() throws Exception {
        List<Instance> all = three(new InMemoryStore(), new InProcessEventBus());
        Instance holder = holders(all, "legacy").getFirst();
        List<Instance> rest = all.stream().filter(i -> i != holder).toList();
        long closed = System.nanoTime();
        holder.close();
        open.remove(holder);
        await("another instance listens to the legacy upstream", () -> holders(rest, "legacy").size() == 1);
        assertThat((System.nanoTime() - closed) / 1_000_000).as("handover after a clean close")
                .isLessThan(LEASE.toMillis());
    }

    @Test
    void oneSessionAndOneListenerOverRedis(@TempDir Path dir) throws Exception {
        Path binary = RedisServer.findBinary().orElse(null);
        assumeTrue(binary != null, "no redis-server on this machine");
        RedisServer redis = RedisServer.start(binary, dir);
        open.add(redis);
        // each instance with its own connections, as separate processes would have
        startUpstream();
        List<Instance> all = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            RedisState state = RedisState.connect(redis.uri());
            open.add(state);
            all.add(instance(state.store(), state.bus()));
        }
        await("one instance listens to each upstream", () -> holders(all, "legacy").size() == 1
                && holders(all, "modern").size() == 1 && legacyStreams() == 1 && modernListens() == 1);
        for (Instance i : all) {
            assertThat(echo(i, "hi")).isEqualTo("hi");
        }
        assertThat(initializes()).as("initialize requests reaching the upstream").isEqualTo(1);
        for (int n = 0; n < all.size(); n++) {
            listen(n, all.get(n));
        }
        upstream.resourceUpdated("mem://status");
        await("every instance's listener heard both served URIs", () ->
                List.of(0, 1, 2).stream().allMatch(n -> heardBy(n).size() >= 2));
        Thread.sleep(500);
        for (int n = 0; n < all.size(); n++) {
            assertThat(heardBy(n)).as("updates heard through instance %d", n)
                    .containsExactlyInAnyOrder("mem://status", "legacy+mem://status");
        }
    }
}
