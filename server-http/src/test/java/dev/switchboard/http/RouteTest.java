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
    void aPageRouteTakesAFormPostAndSetsHeaders() throws Exception {
        AtomicReference<String> posted = new AtomicReference<>();
        URI endpoint = start(new Route() {
            @Override
            public Reply get(Authenticator.Inbound request) {
                return new Reply(200, "text/html", "<form>".getBytes(), java.util.Map.of("Set-Cookie", "n=1; HttpOnly"));
            }

            @Override
            public boolean acceptsPost() {
                return true;
            }

            @Override
            public Reply post(Authenticator.Inbound request, byte[] body) {
                posted.set(request.header("Content-Type") + " " + new String(body) + " " + request.header("Cookie"));
                return new Reply(201, "text/plain", "ok".getBytes(), java.util.Map.of("Cache-Control", "no-store"));
            }
        });
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/.well-known/doc/mcp")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.headers().firstValue("set-cookie")).hasValue("n=1; HttpOnly");
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/.well-known/doc/mcp"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "n=1")
                .POST(HttpRequest.BodyPublishers.ofString("a=b")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(201);
        assertThat(post.body()).isEqualTo("ok");
        assertThat(post.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(posted.get()).isEqualTo("application/x-www-form-urlencoded a=b n=1");
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/.well-known/doc/mcp"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("allow")).hasValue("GET, HEAD, POST");
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
