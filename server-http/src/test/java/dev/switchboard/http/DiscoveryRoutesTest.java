package dev.switchboard.http;

import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.CatalogEntry;
import dev.switchboard.protocol.cards.Remote;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.discovery.ServerCards;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code <endpoint>/server-card} and {@code /.well-known/ai-catalog.json} over real HTTP. */
class DiscoveryRoutesTest {
    private McpHttpServer http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    private Http start(McpHttpServer.Builder b, String path) throws Exception {
        http = b.port(0).start();
        return new Http(URI.create("http://127.0.0.1:" + http.port() + path));
    }

    private Http card() throws Exception {
        return start(McpHttpServer.builder(new TestServers().build()), "/mcp/server-card");
    }

    private static Map<String, String> accept(String accept) {
        Map<String, String> h = new LinkedHashMap<>();
        if (accept != null) {
            h.put("Accept", accept);
        }
        return h;
    }

    private static Http.Reply get(Http http, Map<String, String> headers) throws Exception {
        return http.send("GET", headers, new byte[0]);
    }

    @Test
    void servesACardThatAgreesWithServerDiscoverAndToolsList() throws Exception {
        Http.Reply reply = get(card(), accept(ServerCard.MEDIA_TYPE));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-type")).isEqualTo(ServerCard.MEDIA_TYPE);
        assertThat(ServerCards.validate(reply.json())).isEmpty();
        ServerCard card = ServerCards.parse(reply.json());

        Http mcp = new Http(http.endpoint());
        JsonObject discoverJson = mcp.call("server/discover", null, "").object().getObject("result");
        DiscoverResult discover = Codec.decode(discoverJson, DiscoverResult.class);
        Implementation info = Codec.decode(discoverJson.getObject("_meta").get(MetaKeys.SERVER_INFO), Implementation.class);
        List<Tool> tools = Codec.decode(mcp.call("tools/list", null, "").object().getObject("result"),
                ListToolsResult.class).tools();

        assertThat(card.name()).isEqualTo(info.name());
        assertThat(card.version()).isEqualTo(info.version());
        assertThat(ServerCards.capabilities(card)).isEqualTo(discover.capabilities());
        assertThat(card.remotes()).containsExactly(
                Remote.streamableHttp(http.endpoint().toString(), discover.supportedVersions()));
        assertThat(ServerCards.tools(card)).extracting(ServerCards.ToolSummary::name)
                .containsExactlyElementsOf(tools.stream().map(Tool::name).toList());
    }

    @Test
    void honoursAccept() throws Exception {
        Http card = card();
        assertThat(get(card, accept(null)).headers().get("content-type")).isEqualTo(ServerCard.MEDIA_TYPE);
        assertThat(get(card, accept("*/*")).headers().get("content-type")).isEqualTo(ServerCard.MEDIA_TYPE);
        assertThat(get(card, accept("application/json")).headers().get("content-type")).isEqualTo("application/json");
        assertThat(get(card, accept("text/html, application/mcp-server-card+json;q=0.5")).status()).isEqualTo(200);
        Http.Reply refused = get(card, accept("text/html, application/mcp-server-card+json;q=0"));
        assertThat(refused.status()).isEqualTo(406);
        assertThat(refused.object().getString("error")).contains(ServerCard.MEDIA_TYPE).contains("application/json");
    }

    @Test
    void revalidatesWithETag() throws Exception {
        Http card = card();
        Http.Reply first = get(card, accept(null));
        String etag = first.headers().get("etag");
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(first.headers().get("cache-control")).isEqualTo("public, max-age=3600");

        Map<String, String> conditional = accept(null);
        conditional.put("If-None-Match", "\"other\", W/" + etag);
        Http.Reply again = get(card, conditional);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().get("etag")).isEqualTo(etag);

        conditional.put("If-None-Match", "\"stale\"");
        assertThat(get(card, conditional).status()).isEqualTo(200);
    }

    @Test
    void aChangedToolListChangesTheETag() throws Exception {
        McpServer server = new TestServers().build();
        Http card = start(McpHttpServer.builder(server), "/mcp/server-card");
        String before = get(card, accept(null)).headers().get("etag");
        server.removeTool("echo");
        assertThat(get(card, accept(null)).headers().get("etag")).isNotEqualTo(before);
    }

    @Test
    void loopbackServerKeepsItsOriginPolicyForBrowsers() throws Exception {
        Http card = card();
        Map<String, String> local = accept(null);
        local.put("Origin", "http://localhost:3000");
        Http.Reply allowed = get(card, local);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.headers().get("access-control-allow-origin")).isEqualTo("http://localhost:3000");
        assertThat(allowed.headers().get("access-control-expose-headers")).isEqualTo("ETag");

        Map<String, String> foreign = accept(null);
        foreign.put("Origin", "https://evil.example");
        assertThat(get(card, foreign).status()).isEqualTo(403);
    }

    @Test
    void publicServerAllowsEveryOriginAndAnswersPreflight() throws Exception {
        Http card = start(McpHttpServer.builder(new TestServers().build()).host("0.0.0.0")
                .publicOrigin(URI.create("https://mcp.example.com")), "/mcp/server-card");
        Map<String, String> browser = accept(null);
        browser.put("Origin", "https://app.example.org");
        Http.Reply reply = get(card, browser);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("access-control-allow-origin")).isEqualTo("*");
        assertThat(ServerCards.parse(reply.json()).remotes().get(0).url()).isEqualTo("https://mcp.example.com/mcp");

        browser.put("Access-Control-Request-Method", "GET");
        browser.put("Access-Control-Request-Headers", "if-none-match");
        Http.Reply preflight = card.send("OPTIONS", browser, new byte[0]);
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.headers().get("access-control-allow-origin")).isEqualTo("*");
        assertThat(preflight.headers().get("access-control-allow-methods")).contains("GET");
        assertThat(preflight.headers().get("access-control-allow-headers")).contains("If-None-Match");
    }

    @Test
    void refusesOtherMethods() throws Exception {
        Http.Reply reply = card().send("POST", accept(null), "{}".getBytes());
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.headers().get("allow")).contains("GET");
    }

    @Test
    void hidesToolsWhenTheEndpointNeedsAuthentication() throws Exception {
        Http card = start(McpHttpServer.builder(new TestServers().build()).authenticator(request -> {
            if (request.header("Authorization") == null) {
                throw AuthenticationException.unauthorized("token required", null);
            }
            return Principal.ANONYMOUS;
        }), "/mcp/server-card");
        Http.Reply reply = get(card, accept(null));
        assertThat(reply.status()).as("the card itself is public").isEqualTo(200);
        ServerCard parsed = ServerCards.parse(reply.json());
        assertThat(ServerCards.tools(parsed)).isNull();
        assertThat(ServerCards.capabilities(parsed)).isNotNull();
    }

    @Test
    void explainsWhyAServerHasNoCard() throws Exception {
        Http card = start(McpHttpServer.builder(McpServer.builder("t", "1").build()), "/mcp/server-card");
        Http.Reply reply = get(card, accept(null));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.object().getString("error")).contains("name");
    }

    @Test
    void hostListsItsEndpointInTheAiCatalog() throws Exception {
        Http catalog = start(McpHttpServer.builder(new TestServers().build()).path("/tools/mcp"),
                AiCatalog.WELL_KNOWN_PATH);
        Http.Reply reply = get(catalog, accept(AiCatalog.MEDIA_TYPE));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-type")).isEqualTo(AiCatalog.MEDIA_TYPE);
        assertThat(reply.headers().get("etag")).isNotNull();
        AiCatalog parsed = ServerCards.parseCatalog(reply.json());
        String base = "http://127.0.0.1:" + http.port();
        assertThat(parsed.entries()).containsExactly(new CatalogEntry("urn:air:switchboard.dev:mcp:test",
                ServerCard.MEDIA_TYPE, base + "/tools/mcp/server-card", null, null, null, null, null, null, null));
        assertThat(get(new Http(URI.create(base + "/tools/mcp/server-card")), accept(null)).status()).isEqualTo(200);
    }

    @Test
    void servesMoreCardsBesideTheEndpointsOwnAndListsThoseThatExist() throws Exception {
        McpServer other = McpServer.builder("com.example/other", "2.0").build();
        Http catalog = start(McpHttpServer.builder(new TestServers().build())
                        .card("/mcp/others/a", (url, open) -> other.serverCard(List.of(url), open))
                        .card("/mcp/others/none", (url, open) -> null),
                AiCatalog.WELL_KNOWN_PATH);
        String base = "http://127.0.0.1:" + http.port();
        AiCatalog parsed = ServerCards.parseCatalog(get(catalog, accept(null)).json());
        assertThat(parsed.entries()).extracting(CatalogEntry::url)
                .containsExactly(base + "/mcp/server-card", base + "/mcp/others/a/server-card");
        Http.Reply a = get(new Http(URI.create(base + "/mcp/others/a/server-card")), accept(null));
        assertThat(a.status()).isEqualTo(200);
        ServerCard card = ServerCards.parse(a.json());
        assertThat(card.name()).isEqualTo("com.example/other");
        // the factory is given the endpoint's URL, where the card's server is reached
        assertThat(card.remotes()).extracting(dev.switchboard.protocol.cards.Remote::url).containsExactly(base + "/mcp");
        assertThat(get(new Http(URI.create(base + "/mcp/others/none/server-card")), accept(null)).status()).isEqualTo(404);
    }

    @Test
    void refusesACardPathThatCollides() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> McpHttpServer.builder(new TestServers().build())
                        .card("/mcp", (url, open) -> null).port(0).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the endpoint's own card path");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> McpHttpServer.builder(new TestServers().build())
                        .card("/x", (url, open) -> null).route("/x/server-card", r -> null).port(0).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a Server Card served here");
    }
}
