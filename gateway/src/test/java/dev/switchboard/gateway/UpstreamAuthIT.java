package dev.switchboard.gateway;

import dev.switchboard.auth.OAuthResourceServer;
import dev.switchboard.auth.TrustedIssuer;
import dev.switchboard.client.CallOptions;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.ToolCallOutcome;
import dev.switchboard.http.AuthenticationException;
import dev.switchboard.http.Authenticator;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.outbound.AddressClass;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.Principal;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.server.tasks.TaskPolicy;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.embedded.InMemoryTaskStore;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.KeyValue;
import dev.switchboard.state.tasks.TaskStore;
import dev.switchboard.testkit.OidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway's upstream credentials against a real authorization server: {@code oidc-provider}
 * (the auth module's {@code src/test/as}, with an RFC 8693 grant registered in its script) on
 * 127.0.0.1. The gateway is itself an OAuth resource server; its upstream is a Switchboard server
 * that accepts only tokens whose audience is the upstream, and records the tokens it is sent.
 * Three upstream entries reach it: {@code cc} (client credentials), {@code tx} (token exchange with
 * the gateway's own token as actor token) and {@code down} (client credentials at a closed port).
 * The authorization server is stopped by the last test.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamAuthIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static OidcProvider as;
    private static String issuer;
    private static SafeHttpClient outbound;
    private static OAuthResourceServer upstreamOAuth;
    private static OAuthResourceServer gatewayOAuth;
    private static McpHttpServer upstreamHttp;
    private static McpHttpServer gatewayHttp;
    private static Gateway gateway;
    private static URI upstreamUrl;
    private static URI gatewayUrl;
    /** Every bearer token the upstream was sent. */
    private static final List<String> upstreamSaw = new CopyOnWriteArrayList<>();
    /** Refuse the next request to the upstream with 401 (a revoked token). */
    private static final AtomicBoolean refuseNext = new AtomicBoolean();
    /** Everything written to the gateway's and the upstream's stores, as text. */
    private static final List<String> stored = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        int upstreamPort = freePort();
        int gatewayPort = freePort();
        upstreamUrl = URI.create("http://127.0.0.1:" + upstreamPort + "/mcp");
        gatewayUrl = URI.create("http://127.0.0.1:" + gatewayPort + "/mcp");
        as = OidcProvider.start(gatewayUrl.toString(), upstreamUrl.toString());
        issuer = as.issuer();
        outbound = SafeHttpClient.builder().allow(AddressClass.LOOPBACK).allowHttp(true).build();

        upstreamOAuth = OAuthResourceServer.builder(upstreamUrl).http(outbound)
                .issuer(TrustedIssuer.jwt(issuer, URI.create(issuer + "/jwks"))).build();
        McpServer upstream = McpServer.builder("test/protected-upstream", "1.0")
                .taskStore(recording(TaskStore.class, new InMemoryTaskStore()))
                .tool(Tool.of("whoami", "Describes the caller", Upstreams.NO_ARGS),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of(describe(call.context().principal())))))
                .tool(Tool.of("later", "Describes the caller, as a task", Upstreams.NO_ARGS), call -> {
                    Thread.sleep(100);
                    return Outcome.complete(CallToolResult.of(TextContent.of(describe(call.context().principal()))));
                }, TaskPolicy.required().pollInterval(Duration.ofMillis(50)))
                .build();
        Authenticator recordingUpstream = request -> {
            String token = request.bearerToken();
            if (token != null) {
                upstreamSaw.add(token);
            }
            if (refuseNext.compareAndSet(true, false)) {
                throw AuthenticationException.unauthorized("revoked", "Bearer error=\"invalid_token\"");
            }
            return upstreamOAuth.authenticate(request);
        };
        upstreamHttp = upstreamOAuth.protect(McpHttpServer.builder(upstream).port(upstreamPort))
                .authenticator(recordingUpstream).start();

        UpstreamAuth.OAuthClient byIssuer = UpstreamAuth.OAuthClient.withSecret(issuer, null, "gateway", "gateway-secret");
        UpstreamAuth.OAuthClient byEndpoint = UpstreamAuth.OAuthClient.withSecret(null, URI.create(issuer + "/token"),
                "gateway", "gateway-secret");
        UpstreamAuth.OAuthClient nowhere = UpstreamAuth.OAuthClient.withSecret(null,
                URI.create("http://127.0.0.1:" + freePort() + "/token"), "gateway", "gateway-secret");
        InMemoryStore store = new InMemoryStore();
        gateway = Gateway.builder("test/gateway", "1.0").startupWait(Duration.ofSeconds(20))
                .reconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(60))
                .server(s -> s.keyValue(recording(KeyValue.class, store)).counters(store)
                        .taskStore(recording(TaskStore.class, new InMemoryTaskStore())))
                .upstream(UpstreamConfig.http("cc", upstreamUrl).withEra(dev.switchboard.client.Era.MODERN)
                        .withAuth(new UpstreamAuth.ClientCredentials(byIssuer, Set.of("mcp"), null, null)))
                .upstream(UpstreamConfig.http("tx", upstreamUrl).withEra(dev.switchboard.client.Era.MODERN)
                        .withAuth(new UpstreamAuth.TokenExchange(byEndpoint, Set.of(), null, null, true)))
                .upstream(UpstreamConfig.http("down", upstreamUrl).withEra(dev.switchboard.client.Era.MODERN)
                        .withAuth(new UpstreamAuth.ClientCredentials(nowhere, Set.of(), null, null)))
                .start();
        gatewayOAuth = OAuthResourceServer.builder(gatewayUrl).http(outbound)
                .issuer(TrustedIssuer.jwt(issuer, URI.create(issuer + "/jwks"))).build();
        gatewayHttp = gatewayOAuth.protect(McpHttpServer.builder(gateway.server()).port(gatewayPort)).start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {gatewayHttp, gateway, gatewayOAuth, upstreamHttp, upstreamOAuth, outbound}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        stopAs();
    }

    private static String describe(Principal p) {
        return p.describe() + " via " + p.issuer();
    }

    /** A user's access token for the gateway, from the AS. */
    private static String userToken(String user) throws Exception {
        String form = "grant_type=" + URLEncoder.encode("urn:switchboard:test:user", StandardCharsets.UTF_8)
                + "&username=" + user + "&scope=mcp&resource=" + URLEncoder.encode(gatewayUrl.toString(), StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("user-app:user-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ((JsonObject) Wire.parse(r.body())).getString("access_token");
    }

    private static String call(String token, String tool) {
        try (McpClient client = McpClient.builder(gatewayHttp.endpoint()).bearerToken(token).build()) {
            return ((TextContent) client.callTool(tool, JsonObject.EMPTY).content().getFirst()).text();
        }
    }

    private static int exchanges() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/test/counts")).build(),
                HttpResponse.BodyHandlers.ofString());
        return (int) ((dev.switchboard.protocol.json.JsonNumber) ((JsonObject) Wire.parse(r.body())).get("exchanges")).longValue();
    }

    private static JsonObject claims(String jwt) {
        return (JsonObject) Wire.parse(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    @Test
    @Order(1)
    void clientCredentialsCallTheUpstreamAsTheGateway() throws Exception {
        String alice = userToken("alice");
        int seen = upstreamSaw.size();
        assertThat(call(alice, "cc__whoami")).isEqualTo("gateway via " + issuer);
        List<String> sent = upstreamSaw.subList(seen, upstreamSaw.size());
        assertThat(sent).isNotEmpty().doesNotContain(alice);
        JsonObject claims = claims(sent.getLast());
        assertThat(claims.getString("sub")).isEqualTo("gateway");
        assertThat(claims.getString("aud")).isEqualTo(upstreamUrl.toString());
    }

    @Test
    @Order(2)
    void tokenExchangeCallsTheUpstreamAsTheUserWithTheGatewayActing() throws Exception {
        String alice = userToken("alice");
        int before = exchanges();
        int seen = upstreamSaw.size();
        assertThat(call(alice, "tx__whoami")).isEqualTo("gateway for alice via " + issuer);
        assertThat(exchanges()).isEqualTo(before + 1);
        String exchanged = upstreamSaw.getLast();
        assertThat(upstreamSaw.subList(seen, upstreamSaw.size())).doesNotContain(alice);
        JsonObject claims = claims(exchanged);
        assertThat(claims.getString("sub")).isEqualTo("alice");
        assertThat(claims.getObject("act").getString("sub")).isEqualTo("gateway");
        assertThat(claims.getString("aud")).isEqualTo(upstreamUrl.toString());
        assertThat(claims.get("actor_token_used")).as("the gateway's own token went as actor_token").isNotNull();

        // the exchanged token is cached for alice (same token) and used again; bob gets his own
        assertThat(call(alice, "tx__whoami")).isEqualTo("gateway for alice via " + issuer);
        assertThat(exchanges()).isEqualTo(before + 1);
        assertThat(upstreamSaw.getLast()).isEqualTo(exchanged);
        assertThat(call(userToken("bob"), "tx__whoami")).isEqualTo("gateway for bob via " + issuer);
        assertThat(exchanges()).isEqualTo(before + 2);
    }

    @Test
    @Order(3)
    void theInboundTokenNeverReachesTheUpstreamAndWouldBeRefusedThere() throws Exception {
        String alice = userToken("alice");
        call(alice, "tx__whoami");
        call(alice, "cc__whoami");
        assertThat(upstreamSaw).isNotEmpty().doesNotContain(alice);
        // forwarded as it is, it would be refused: its audience is the gateway
        try (McpClient direct = McpClient.builder(upstreamHttp.endpoint()).bearerToken(alice).build()) {
            assertThatThrownBy(() -> direct.callTool("whoami", JsonObject.EMPTY))
                    .isInstanceOf(dev.switchboard.client.McpClientException.class)
                    .hasMessageContaining("not for this resource");
        }
    }

    @Test
    @Order(4)
    void a401FromTheUpstreamGetsAFreshTokenAndOneRetry() throws Exception {
        String carol = userToken("carol");
        assertThat(call(carol, "tx__whoami")).isEqualTo("gateway for carol via " + issuer);
        int before = exchanges();
        String first = upstreamSaw.getLast();
        refuseNext.set(true);
        assertThat(call(carol, "tx__whoami")).isEqualTo("gateway for carol via " + issuer);
        assertThat(exchanges()).as("the refused token was exchanged again").isEqualTo(before + 1);
        assertThat(upstreamSaw.getLast()).isNotEqualTo(first);
    }

    @Test
    @Order(5)
    void tasksAndStoredStateNeverHoldTheInboundToken() throws Exception {
        String dave = userToken("dave");
        try (McpClient client = McpClient.builder(gatewayHttp.endpoint()).bearerToken(dave).build()) {
            ToolCallOutcome o = client.callToolAsTask(CallToolRequest.of("tx__later", JsonObject.EMPTY), CallOptions.DEFAULT);
            assertThat(o).isInstanceOf(ToolCallOutcome.TaskCreated.class);
            String handle = ((ToolCallOutcome.TaskCreated) o).task().taskId();
            CallToolResult result = client.awaitTask(handle, CallOptions.DEFAULT);
            assertThat(((TextContent) result.content().getFirst()).text()).isEqualTo("gateway for dave via " + issuer);
            assertThat(handle).doesNotContain(dave);
        }
        assertThat(stored).as("the upstream's task record was written").anyMatch(s -> s.contains("dave"));
        assertThat(stored).noneMatch(s -> s.contains(dave));
        assertThat(String.join("\n", stored)).doesNotContain(dave.split("\\.")[2]); // not even its signature
    }

    @Test
    @Order(6)
    void anAuthorizationServerErrorNamesTheUpstreamAndTheError() throws Exception {
        String mallory = userToken("mallory");
        assertThatThrownBy(() -> call(mallory, "tx__whoami")).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
            assertThat(e.getMessage()).contains("Upstream tx: could not get a token for it (token exchange for user-app for mallory)")
                    .contains("access_denied (mallory may not reach upstreams through the gateway)")
                    .doesNotContain(mallory);
        });
    }

    @Test
    @Order(7)
    void withoutACallerTokenTheExchangingUpstreamIsRefusedClearly() {
        // the same gateway behind an endpoint that authenticates nobody: there is no token to exchange
        try (McpHttpServer open = McpHttpServer.builder(gateway.server()).port(0).start();
             McpClient client = McpClient.builder(open.endpoint()).build()) {
            assertThatThrownBy(() -> client.callTool("tx__whoami", JsonObject.EMPTY))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                        assertThat(e.getMessage()).contains("Upstream tx is called with a token exchanged for the caller's"
                                + " access token, and this request has none");
                    });
            assertThat(((TextContent) client.callTool("cc__whoami", JsonObject.EMPTY).content().getFirst()).text())
                    .as("the gateway's own credentials need no caller").isEqualTo("gateway via " + issuer);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(8)
    void anUnreachableAuthorizationServerLeavesTheUpstreamUnhealthyWithTheReason() {
        UpstreamStatus down = gateway.upstreams().stream().filter(u -> u.name().equals("down")).findFirst().orElseThrow();
        assertThat(down.health()).isEqualTo(UpstreamStatus.Health.UNHEALTHY);
        assertThat(down.reason()).contains("Upstream down: could not get a token for it (client credentials)")
                .contains("/token failed: ConnectException");
    }

    @Test
    @Order(9)
    void theAuthorizationServerDownIsAClearErrorForTheCaller() throws Exception {
        String erin = userToken("erin");
        String alice = userToken("alice");
        stopAs();
        assertThat(call(alice, "cc__whoami")).as("a cached client credentials token still works")
                .isEqualTo("gateway via " + issuer);
        assertThatThrownBy(() -> call(erin, "tx__whoami")).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
            assertThat(e.getMessage()).contains("Upstream tx: could not get a token for it (token exchange for user-app for erin)")
                    .contains("POST " + issuer + "/token failed").doesNotContain(erin);
        });
    }

    private static void stopAs() {
        if (as != null) {
            as.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code delegate} behind a proxy that records the arguments and results of every call as text. */
    @SuppressWarnings("unchecked")
    private static <T> T recording(Class<T> type, T delegate) {
        Class<?>[] types = delegate instanceof Counters && type == KeyValue.class ? new Class<?>[] {KeyValue.class, Counters.class}
                : new Class<?>[] {type};
        return (T) Proxy.newProxyInstance(UpstreamAuthIT.class.getClassLoader(), types, (proxy, method, args) -> {
            try {
                Object result = method.invoke(delegate, args);
                stored.add(method.getName() + Arrays.deepToString(args) + " -> " + result);
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
