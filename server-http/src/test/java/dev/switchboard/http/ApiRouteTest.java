package dev.switchboard.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** APIs under a prefix beside the endpoint: every method, raw paths, bounded bodies, their own errors. */
class ApiRouteTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private McpHttpServer http;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    private URI start() throws Exception {
        http = McpHttpServer.builder(new TestServers().builder().build()).port(0).maxBodyBytes(1024)
                .api("/v0.1", request -> {
                    if (request.rawPath().endsWith("/boom")) {
                        throw new IllegalStateException("secret detail");
                    }
                    if (request.rawPath().endsWith("/fields")) {
                        seen.add(request.queryFields() + " " + request.formFields() + " " + request.cookies());
                        return new Route.Reply(200, "text/plain", new byte[0]);
                    }
                    seen.add(request.method() + " " + request.rawPath() + " ?" + request.query() + " "
                            + new String(request.body(), StandardCharsets.UTF_8));
                    return new Route.Reply(201, "application/json", "{}".getBytes(StandardCharsets.UTF_8))
                            .withHeader("X-Seen", "yes");
                }).start();
        return http.endpoint();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesEveryMethodUnderThePrefixWithTheRawPathQueryAndBody() throws Exception {
        URI base = start();
        HttpResponse<String> get = send(HttpRequest.newBuilder(base.resolve("/v0.1/servers/com.example%2Fweather/versions?x=1")));
        assertThat(get.statusCode()).isEqualTo(201);
        assertThat(get.headers().firstValue("x-seen")).hasValue("yes");
        send(HttpRequest.newBuilder(base.resolve("/v0.1/publish")).POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));
        assertThat(seen).containsExactly("GET /v0.1/servers/com.example%2Fweather/versions ?x=1 ",
                "POST /v0.1/publish ?null {\"a\":1}");
        assertThat(send(HttpRequest.newBuilder(base.resolve("/v0.10/x"))).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(base.resolve("/healthz"))).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesBodiesOverTheLimitAndHidesRouteFailures() throws Exception {
        URI base = start();
        HttpResponse<String> big = send(HttpRequest.newBuilder(base.resolve("/v0.1/publish"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2000))));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("\"error\"").contains("1024 bytes");
        assertThat(seen).isEmpty();
        HttpResponse<String> boom = send(HttpRequest.newBuilder(base.resolve("/v0.1/boom")));
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).isEqualTo("{\"error\":\"internal error\"}");
    }

    @Test
    void offersTheQueryTheFormAndTheCookiesParsed() throws Exception {
        URI base = start();
        HttpResponse<String> posted = send(HttpRequest.newBuilder(base.resolve("/v0.1/fields?q=a+b&q=later&x=%2F"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Cookie", "sid=a=b; theme = dark")
                .POST(HttpRequest.BodyPublishers.ofString("id=caf%C3%A9&&decision=approve")));
        assertThat(posted.statusCode()).isEqualTo(200);
        send(HttpRequest.newBuilder(base.resolve("/v0.1/fields")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("id=1")));
        assertThat(seen).containsExactly("{q=a b, x=/} {id=café, decision=approve} {sid=a=b, theme=dark}",
                "{} {} {}");
    }

    @Test
    void aMalformedEscapeInTheQueryOrTheFormIs400NamingThePair() throws Exception {
        URI base = start();
        // sent raw: java.net.URI would refuse to carry the malformed escape
        Http.Reply query = new Http(base).send("GET", "/v0.1/fields?ok=1&bad=%zz", java.util.Map.of(), new byte[0]);
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.headers()).containsEntry("content-type", "application/json");
        assertThat(query.body()).isEqualTo("{\"error\":\"the query is not URL-encoded correctly near \\\"bad=%zz\\\"\"}");
        HttpResponse<String> form = send(HttpRequest.newBuilder(base.resolve("/v0.1/fields"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("id=1&decision=%E2%82")));
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(form.body()).contains("the form is not URL-encoded correctly near \\\"decision=%E2%82\\\"");
        assertThat(seen).isEmpty();
        // a route that does not read the query is not refused for it
        assertThat(new Http(base).send("GET", "/v0.1/other?bad=%zz", java.util.Map.of(), new byte[0]).status()).isEqualTo(201);
    }

    @Test
    void refusesForeignOriginsAndPrefixesThatCoverTheServersOwnPaths() throws Exception {
        URI base = start();
        assertThat(send(HttpRequest.newBuilder(base.resolve("/v0.1/x")).header("Origin", "https://evil.example"))
                .statusCode()).isEqualTo(403);
        assertThatThrownBy(() -> McpHttpServer.builder(new TestServers().builder().build()).port(0).api("/mcp", r -> null).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/mcp");
        assertThatThrownBy(() -> McpHttpServer.builder(new TestServers().builder().build()).api("/v0.1/", r -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
