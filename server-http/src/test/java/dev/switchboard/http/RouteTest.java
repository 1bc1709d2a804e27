package dev.switchboard.http;

import dev.switchboard.server.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Read-only routes beside the endpoint: served unauthenticated for GET and HEAD, 405 otherwise. */
class RouteTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private McpHttpServer http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    private static final Authenticator NOBODY = request -> {
        throw AuthenticationException.unauthorized("no", "Bearer");
    };

    private URI start(Route route) throws Exception {
        http = McpHttpServer.builder(new TestServers().builder().build()).port(0).authenticator(NOBODY)
                .route("/.well-known/doc/mcp", route).start();
        return http.endpoint();
    }

    @Test
    void servesARouteWithoutAuthenticationAndSeesItsQuery() throws Exception {
        AtomicReference<String> query = new AtomicReference<>();
        URI endpoint = start(request -> {
            query.set(request.query());
            return Route.Reply.json("{\"ok\":true}");
        });
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/.well-known/doc/mcp?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(get.body()).isEqualTo("{\"ok\":true}");
        assertThat(query.get()).isEqualTo("x=1");

        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/.well-known/doc/mcp"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void refusesOtherMethodsOnARoute() throws Exception {
        URI endpoint = start(request -> Route.Reply.json("{}"));
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/.well-known/doc/mcp"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void theEndpointStaysAuthenticated() throws Exception {
        URI endpoint = start(request -> Route.Reply.json("{}"));
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(401);
    }

    @Test
    void theAuthenticatorSeesTheQueryString() throws Exception {
        AtomicReference<String> query = new AtomicReference<>();
        http = McpHttpServer.builder(new TestServers().builder().build()).port(0).authenticator(request -> {
            query.set(request.query());
            return Principal.ANONYMOUS;
        }).start();
        HTTP.send(HttpRequest.newBuilder(URI.create(http.endpoint() + "?access_token=abc"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(query.get()).isEqualTo("access_token=abc");
    }

    @Test
    void refusesARouteOnTheEndpointOrATwiceMountedPath() {
        McpHttpServer.Builder builder = McpHttpServer.builder(new TestServers().builder().build()).port(0)
                .route("/mcp", request -> Route.Reply.json("{}"));
        assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("/mcp");
        assertThatThrownBy(() -> builder.route("/mcp", request -> Route.Reply.json("{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two routes");
        assertThatThrownBy(() -> builder.route("doc", request -> Route.Reply.json("{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesARouteTheDiscoveryDocumentsWouldShadow() {
        for (String own : new String[] {"/mcp/server-card", "/.well-known/ai-catalog.json", "/healthz"}) {
            McpHttpServer.Builder builder = McpHttpServer.builder(new TestServers().builder().build()).port(0)
                    .route(own, request -> Route.Reply.json("{}"));
            assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class).hasMessageContaining(own);
        }
    }
}
