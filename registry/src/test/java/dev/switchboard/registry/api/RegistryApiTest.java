package dev.switchboard.registry.api;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.registry.Fixtures;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.entry.Status;
import dev.switchboard.registry.source.Crawler;
import dev.switchboard.registry.source.Source;
import dev.switchboard.server.McpServer;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.state.seal.Sealer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read API against the official examples, every response checked against the official
 * OpenAPI schemas: listing, paging with sealed cursors, filters, versions, and bad input.
 */
class RegistryApiTest {
    static final Path EXAMPLES = Path.of(System.getProperty("switchboard.spec.dir", "../spec"), "registry", "examples");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final OpenApi openApi = new OpenApi();
    final Fixtures.TestClock clock = new Fixtures.TestClock();
    Registry registry;
    McpHttpServer http;
    URI base;

    @BeforeEach
    void start() throws Exception {
        registry = new Registry(dev.switchboard.registry.store.EmbeddedEntryStore.inMemory(), clock);
        // the official examples: three valid ones are listed, five invalid ones are rejected
        new Crawler(registry, null, line -> { }).crawl(List.of(new Source.Files(EXAMPLES)));
        for (int i = 0; i < 5; i++) {
            clock.advance(60);
            registry.offer(Submission.of(Fixtures.FILES, Fixtures.server("com.example/many", "1." + i + ".0", "Version " + i + ".")));
        }
        http = McpHttpServer.builder(McpServer.builder("dev.switchboard/registry-test", "1.0.0").build()).port(0)
                .api(RegistryApi.PREFIX, new RegistryApi(registry, new Sealer(KeyRing.generate()))).start();
        base = URI.create("http://127.0.0.1:" + http.port());
    }

    @AfterEach
    void stop() {
        http.close();
        registry.close();
    }

    record Answer(int status, String body, JsonObject json) {
    }

    /** GETs {@code pathAndQuery} and checks the answer against the documented schema of {@code apiPath}. */
    Answer get(String pathAndQuery, String apiPath) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        String component = openApi.responseComponent(apiPath, String.valueOf(r.statusCode()));
        List<String> violations = component != null ? openApi.violations(component, r.body())
                : r.statusCode() == 400 ? errorShape(r.body()) : openApi.errorViolations(apiPath, String.valueOf(r.statusCode()), r.body());
        assertThat(violations).as(pathAndQuery + " → " + r.statusCode() + " " + r.body()).isEmpty();
        return new Answer(r.statusCode(), r.body(), (JsonObject) Wire.parse(r.body()));
    }

    /** The spec documents no 400 for these paths; ours use the same {error} shape as its 404s. */
    List<String> errorShape(String body) {
        return openApi.errorViolations("/v0.1/servers/{serverName}/versions", "404", body);
    }

    static List<String> names(Answer a) {
        List<String> out = new ArrayList<>();
        for (var s : ((JsonArray) a.json().get("servers")).values()) {
            JsonObject server = s.asObject().getObject("server");
            out.add(server.getString("name") + "@" + server.getString("version"));
        }
        return out;
    }

    @Test
    void theOfficialSchemasCatchAWrongShape() {
        // guards the guard: a response missing "server" must not pass
        assertThat(openApi.violations("ServerResponse", "{\"_meta\": {}}")).isNotEmpty();
        assertThat(openApi.violations("ServerList", "{\"servers\": [{\"server\": {\"name\": \"x\"}}]}")).isNotEmpty();
        assertThat(openApi.violations("ServerResponse", """
                {"server": {"name": "a.b/c", "description": "d", "version": "1"},
                 "_meta": {"io.modelcontextprotocol.registry/official": {"status": "gone"}}}""")).isNotEmpty();
    }

    @Test
    void listsTheValidOfficialExamplesAndNotTheInvalidOnes() throws Exception {
        Answer a = get("/v0.1/servers", "/v0.1/servers");
        assertThat(names(a)).containsExactly("com.example/many@1.0.0", "com.example/many@1.1.0", "com.example/many@1.2.0",
                "com.example/many@1.3.0", "com.example/many@1.4.0", "io.github.user/local-weather@1.0.0",
                "io.github.user/remote-weather@2.1.0", "io.github.user/weather@1.0.2");
        assertThat(a.json().getObject("metadata").get("count")).isEqualTo(dev.switchboard.protocol.json.JsonNumber.of(8));
        assertThat(a.json().getObject("metadata").has("nextCursor")).isFalse();
        assertThat(registry.rejections()).hasSize(5);
        JsonObject official = ((JsonArray) a.json().get("servers")).get(7).asObject().getObject("_meta")
                .getObject("io.modelcontextprotocol.registry/official");
        assertThat(official.getString("status")).isEqualTo("active");
        assertThat(official.get("isLatest")).isEqualTo(dev.switchboard.protocol.json.JsonBoolean.of(true));
    }

    @Test
    void pagesWithSealedCursorsThatCannotBeForgedOrReusedWithOtherFilters() throws Exception {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Answer a = get("/v0.1/servers?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), "/v0.1/servers");
            seen.addAll(names(a));
            cursor = a.json().getObject("metadata").getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(8).doesNotHaveDuplicates();

        String first = get("/v0.1/servers?limit=3", "/v0.1/servers").json().getObject("metadata").getString("nextCursor");
        Answer forged = get("/v0.1/servers?limit=3&cursor=" + first.substring(0, first.length() - 2) + "AA", "/v0.1/servers");
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.json().getString("error")).contains("invalid cursor").contains("not one this registry issued");
        Answer garbage = get("/v0.1/servers?cursor=com.example%2Fmany%3A1.0.0", "/v0.1/servers");
        assertThat(garbage.status()).isEqualTo(400);
        Answer otherFilters = get("/v0.1/servers?limit=3&search=weather&cursor=" + first, "/v0.1/servers");
        assertThat(otherFilters.status()).isEqualTo(400);
        assertThat(otherFilters.json().getString("error")).contains("other filters");
    }

    @Test
    void refusesAbsurdLimitsAndBadParametersClearly() throws Exception {
        for (String limit : List.of("0", "-1", "101", "99999999999", "ten")) {
            Answer a = get("/v0.1/servers?limit=" + limit, "/v0.1/servers");
            assertThat(a.status()).as(limit).isEqualTo(400);
            assertThat(a.json().getString("error")).contains("limit must be an integer from 1 to 100");
        }
        Answer since = get("/v0.1/servers?updated_since=yesterday", "/v0.1/servers");
        assertThat(since.status()).isEqualTo(400);
        assertThat(since.json().getString("error")).contains("RFC 3339");
        assertThat(get("/v0.1/servers?include_deleted=maybe", "/v0.1/servers").status()).isEqualTo(400);
        assertThat(get("/v0.1/servers?limit=100", "/v0.1/servers").status()).isEqualTo(200);
    }

    @Test
    void aQueryThatDoesNotDecodeIs400NamingThePair() throws Exception {
        Answer notUtf8 = get("/v0.1/servers?limit=3&search=%FF", "/v0.1/servers");
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.json().getString("error")).isEqualTo("the query is not URL-encoded correctly near \"search=%FF\"");
        // sent as raw HTTP: java.net.URI refuses to carry "%zz"
        try (Socket socket = new Socket("127.0.0.1", http.port())) {
            socket.getOutputStream().write(("GET /v0.1/servers/com.example%2Fmany/versions?include_deleted=%zz HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + http.port() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 400 ")
                    .endsWith("{\"error\":\"the query is not URL-encoded correctly near \\\"include_deleted=%zz\\\"\"}");
        }
    }

    @Test
    void filtersBySearchVersionAndUpdatedSinceIncludingDeletedOnes() throws Exception {
        assertThat(names(get("/v0.1/servers?search=WEATHER", "/v0.1/servers"))).containsExactly(
                "io.github.user/local-weather@1.0.0", "io.github.user/remote-weather@2.1.0", "io.github.user/weather@1.0.2");
        assertThat(names(get("/v0.1/servers?version=latest&search=many", "/v0.1/servers"))).containsExactly("com.example/many@1.4.0");
        assertThat(names(get("/v0.1/servers?version=1.2.0", "/v0.1/servers"))).containsExactly("com.example/many@1.2.0");

        String since = clock.instant().toString();
        clock.advance(60);
        registry.setStatus("com.example/many", "1.4.0", Status.DELETED, "withdrawn");
        assertThat(names(get("/v0.1/servers?updated_since=" + since, "/v0.1/servers"))).containsExactly("com.example/many@1.4.0");
        assertThat(names(get("/v0.1/servers?search=many", "/v0.1/servers"))).hasSize(4);
        assertThat(names(get("/v0.1/servers?search=many&include_deleted=true", "/v0.1/servers"))).hasSize(5);
        assertThat(names(get("/v0.1/servers?version=latest&search=many", "/v0.1/servers"))).containsExactly("com.example/many@1.3.0");
    }

    @Test
    void servesVersionsNewestFirstAndOneVersionByEncodedOrPlainName() throws Exception {
        String versions = "/v0.1/servers/{serverName}/versions";
        String one = "/v0.1/servers/{serverName}/versions/{version}";
        assertThat(names(get("/v0.1/servers/com.example%2Fmany/versions", versions))).containsExactly(
                "com.example/many@1.4.0", "com.example/many@1.3.0", "com.example/many@1.2.0", "com.example/many@1.1.0",
                "com.example/many@1.0.0");
        Answer latest = get("/v0.1/servers/com.example%2Fmany/versions/latest", one);
        assertThat(latest.json().getObject("server").getString("version")).isEqualTo("1.4.0");
        Answer plain = get("/v0.1/servers/io.github.user/remote-weather/versions/2.1.0", one);
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.json().getObject("server")).isEqualTo(Wire.parse(java.nio.file.Files.readAllBytes(
                EXAMPLES.resolve("valid/with-remote.json"))));
        Answer unknown = get("/v0.1/servers/com.example%2Fnope/versions", versions);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().getString("error")).isEqualTo("Server not found: com.example/nope");
        Answer noVersion = get("/v0.1/servers/com.example%2Fmany/versions/9.9.9", one);
        assertThat(noVersion.status()).isEqualTo(404);
        assertThat(noVersion.json().getString("error")).contains("has no version 9.9.9");
    }

    @Test
    void answersOtherMethodsAndPathsWithClearErrors() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(base.resolve("/v0.1/servers"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        HttpResponse<String> nowhere = HTTP.send(HttpRequest.newBuilder(base.resolve("/v0.1/servers/com.example%2Fmany/tags"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.body()).contains("versions");
    }
}
