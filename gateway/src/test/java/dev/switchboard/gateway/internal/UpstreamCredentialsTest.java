package dev.switchboard.gateway.internal;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.auth.AuthChallenge;
import dev.switchboard.client.auth.AuthorizationException;
import dev.switchboard.gateway.UpstreamAuth;
import dev.switchboard.http.InboundCredential;
import dev.switchboard.server.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which token {@link UpstreamCredentials} answers, and when it asks again, against a scripted token
 * endpoint (the real authorization server: {@code UpstreamAuthIT}).
 */
class UpstreamCredentialsTest {
    private static final URI UPSTREAM = URI.create("https://billing.example.com/mcp");
    private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicReference<String> answer = new AtomicReference<>();
    private HttpServer as;
    private UpstreamCredentials credentials;

    @BeforeEach
    void start() throws Exception {
        as = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        as.createContext("/token", exchange -> {
            Map<String, String> form = new java.util.LinkedHashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            forms.add(form);
            String body = answer.get() != null ? answer.get()
                    : "{\"access_token\":\"up-" + issued.incrementAndGet() + "\",\"token_type\":\"Bearer\",\"expires_in\":31}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.get() != null ? 400 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        as.start();
        UpstreamAuth.OAuthClient client = UpstreamAuth.OAuthClient.withSecret(null,
                URI.create("http://127.0.0.1:" + as.getAddress().getPort() + "/token"), "gw", "s3cret");
        credentials = new UpstreamCredentials("billing",
                UPSTREAM, new UpstreamAuth.TokenExchange(client, Set.of("mcp"), null, "billing", false), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        credentials.close();
        as.stop(0);
    }

    private String header(Principal who, String token) {
        InboundCredential[] bound = new InboundCredential[1];
        InboundCredential.with(who, token, () -> bound[0] = InboundCredential.current());
        return UpstreamCredentials.forCaller(bound[0], () -> credentials.headers("POST", UPSTREAM).get("Authorization"));
    }

    @Test
    void eachCallerGetsAnExchangedTokenCachedUntilShortlyBeforeItExpires() throws Exception {
        Principal alice = Principal.user("https://as", "alice", Set.of());
        Principal bob = Principal.user("https://as", "bob", Set.of());
        assertThat(header(alice, "alice-1")).isEqualTo("Bearer up-1");
        assertThat(forms.getFirst()).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .containsEntry("subject_token", "alice-1").containsEntry("resource", UPSTREAM.toString())
                .containsEntry("audience", "billing").containsEntry("scope", "mcp").doesNotContainKey("actor_token");
        assertThat(header(alice, "alice-1")).as("cached").isEqualTo("Bearer up-1");
        assertThat(header(bob, "bob-1")).as("another principal").isEqualTo("Bearer up-2");
        assertThat(header(alice, "alice-2")).as("the same principal with a new token").isEqualTo("Bearer up-3");
        assertThat(forms).hasSize(3);
        // expires_in 31 s: 30 s before expiry is one second from now
        Thread.sleep(1_100);
        assertThat(header(alice, "alice-1")).isEqualTo("Bearer up-4");
    }

    @Test
    void withoutACallerTheGatewaysOwnTokenIsUsed() {
        assertThat(credentials.headers("POST", UPSTREAM)).containsEntry("Authorization", "Bearer up-1");
        assertThat(forms.getFirst()).containsEntry("grant_type", "client_credentials").doesNotContainKey("subject_token");
        assertThat(credentials.headers("GET", UPSTREAM)).containsEntry("Authorization", "Bearer up-1");
        assertThat(forms).hasSize(1);
    }

    @Test
    void aRefusedTokenIsDroppedAndTheRequestRetriedOnce() {
        Principal alice = Principal.user("https://as", "alice", Set.of());
        assertThat(header(alice, "alice-1")).isEqualTo("Bearer up-1");
        AuthChallenge refused = new AuthChallenge(401, "POST", UPSTREAM, List.of(), "Bearer up-1", Map.of());
        assertThat(credentials.onChallenge(refused)).isTrue();
        assertThat(header(alice, "alice-1")).isEqualTo("Bearer up-2");
        assertThat(credentials.onChallenge(new AuthChallenge(403, "POST", UPSTREAM, List.of(), "Bearer up-2", Map.of())))
                .as("no step-up for a service token").isFalse();
    }

    @Test
    void aRefusalNamesTheUpstreamAndTheServersErrorButNoToken() {
        answer.set("{\"error\":\"invalid_grant\",\"error_description\":\"subject token revoked\"}");
        Principal alice = Principal.user("https://as", "alice", Set.of());
        assertThatThrownBy(() -> header(alice, "alice-secret"))
                .isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("Upstream billing: could not get a token for it (token exchange for alice)")
                .hasMessageContaining("HTTP 400: invalid_grant (subject token revoked)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("alice-secret", "s3cret"));
        assertThat(credentials.cached()).isZero();
    }
}
