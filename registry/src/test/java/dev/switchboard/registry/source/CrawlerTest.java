package dev.switchboard.registry.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.outbound.AddressClass;
import dev.switchboard.outbound.Resolver;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.registry.Fixtures;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Rejection;
import dev.switchboard.registry.entry.Status;
import dev.switchboard.registry.search.SearchQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Files, catalogs, cards and upstream registries, read through the safe client against a local server. */
class CrawlerTest {
    @TempDir
    Path dir;
    HttpServer server;
    SafeHttpClient http;
    final Registry registry = Registry.inMemory();
    final List<String> progress = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, String> documents = new ConcurrentHashMap<>();
    final AtomicInteger flaky = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    static String card(String name, String version, String description, String tools) {
        return """
                {"$schema": "https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json",
                 "name": "%s", "version": "%s", "description": "%s",
                 "remotes": [{"type": "streamable-http", "url": "https://mcp.example.com/mcp",
                              "supportedProtocolVersions": ["2026-07-28"]}],
                 "_meta": {"dev.switchboard/capabilities": {"tools": {}, "prompts": {}},
                           "dev.switchboard/tools": [%s]}}""".formatted(name, version, description, tools);
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        Resolver resolver = host -> {
            if (host.endsWith(".test")) {
                return List.of(InetAddress.getByName("127.0.0.1"));
            }
            throw new UnknownHostException(host);
        };
        http = SafeHttpClient.builder().resolver(resolver).allow(AddressClass.LOOPBACK).allowHttp(true)
                .timeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
        registry.close();
    }

    private void answer(HttpExchange x) throws IOException {
        String host = x.getRequestHeaders().getFirst("Host").replaceFirst(":\\d+$", "");
        String target = host + x.getRequestURI().getPath();
        String query = x.getRequestURI().getRawQuery();
        requests.add(target + (query == null ? "" : "?" + query));
        if (target.equals("a.test/cards/slow")) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
        }
        if (target.equals("a.test/cards/flaky") && flaky.getAndIncrement() < 2) {
            send(x, 503, "text/plain", "busy");
            return;
        }
        String body = documents.get(target + (query == null ? "" : "?" + query));
        if (body == null) {
            body = documents.get(target);
        }
        if (body == null) {
            send(x, 404, "application/json", "{}");
            return;
        }
        String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
        x.getResponseHeaders().add("ETag", etag);
        if (etag.equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
            x.sendResponseHeaders(304, -1);
            x.close();
            return;
        }
        send(x, 200, target.contains("/v0.1/") ? "application/json" : target.contains("catalog")
                ? "application/ai-catalog+json" : "application/mcp-server-card+json", body);
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private URI url(String host, String path) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + path);
    }

    private Crawler crawler(int perHost) {
        return new Crawler(registry, new Fetcher(http, perHost, 3, Duration.ofMillis(5)), progress::add);
    }

    @Test
    void readsAFolderRejectingMalformedInvalidAndDuplicateFilesAndDropsWhatDisappears() throws Exception {
        Files.writeString(dir.resolve("a.json"), Fixtures.server("com.example/a", "1.0.0", "A.").toString());
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested/b.json"), Fixtures.server("com.example/b", "1.0.0", "B.").toString());
        Files.writeString(dir.resolve("broken.json"), "{\"name\": ");
        Files.writeString(dir.resolve("c-dup.json"), Fixtures.server("com.example/a", "1.0.0", "Same again.").toString());
        Files.writeString(dir.resolve("d-bad.json"), Fixtures.server("bad name", "1.0.0", "Bad.").toString());
        Files.writeString(dir.resolve("notes.txt"), "not read");
        Source.Files source = new Source.Files(dir);
        CrawlSummary s = crawler(2).crawl(List.of(source));
        assertThat(s).extracting(CrawlSummary::documents, CrawlSummary::added, CrawlSummary::rejected).containsExactly(5, 2, 3);
        assertThat(registry.all()).extracting(Entry::name).containsExactly("com.example/a", "com.example/b");
        assertThat(registry.rejections()).extracting(Rejection::reason)
                .anySatisfy(r -> assertThat(r).startsWith("not valid JSON"))
                .anySatisfy(r -> assertThat(r).contains("duplicate: com.example/a@1.0.0 is also defined in").contains("a.json"))
                .anySatisfy(r -> assertThat(r).contains("/name"));
        assertThat(progress.getLast()).startsWith("crawled 1 source in").contains("2 added").contains("3 rejected");

        Files.delete(dir.resolve("nested/b.json"));
        Files.delete(dir.resolve("broken.json"));
        CrawlSummary again = crawler(2).crawl(List.of(source));
        assertThat(again.removed()).isEqualTo(1);
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(registry.all()).extracting(Entry::name).containsExactly("com.example/a");
        assertThat(registry.rejections()).hasSize(2); // the old refusals of this source were forgotten
        assertThat(crawler(1).crawl(List.of(new Source.Files(dir.resolve("missing")))).failed()).isEqualTo(1);
        assertThat(registry.rejections().getLast().reason()).contains("no such file or folder");
    }

    @Test
    void crawlsACatalogsCardsRetryingRevalidatingAndKeepingStaleEntriesWithTheirError() throws Exception {
        documents.put("a.test/.well-known/ai-catalog.json", """
                {"specVersion": "1.0", "entries": [
                  {"identifier": "urn:air:a.test:mcp:weather", "type": "application/mcp-server-card+json", "url": "/cards/weather"},
                  {"identifier": "urn:air:a.test:mcp:flaky", "type": "application/mcp-server-card+json", "url": "/cards/flaky"},
                  {"identifier": "urn:air:b.test:mcp:broken", "type": "application/mcp-server-card+json",
                   "url": "http://b.test:%d/cards/broken"},
                  {"identifier": "urn:air:a.test:mcp:inline", "type": "application/mcp-server-card+json",
                   "data": %s},
                  {"identifier": "urn:air:a.test:agent", "type": "application/a2a-agent-card+json", "url": "/agent"},
                  {"identifier": "urn:air:a.test:mcp:bad-url", "type": "application/mcp-server-card+json", "url": "http://[bad"}
                ]}""".formatted(server.getAddress().getPort(), card("com.example/inline", "1.0.0", "Inline card.", "")));
        documents.put("a.test/cards/weather", card("com.example/weather", "1.0.0", "Weather forecasts.",
                "{\"name\": \"get_forecast\", \"description\": \"Hourly precipitation\"}"));
        documents.put("a.test/cards/flaky", card("com.example/flaky", "2.0.0", "Answers on the third try.", ""));
        documents.put("b.test/cards/broken", "{\"name\": \"com.example/broken\", \"version\": \"1.0.0\"}");
        Source.Catalog catalog = new Source.Catalog(url("a.test", "/.well-known/ai-catalog.json"));

        CrawlSummary first = crawler(2).crawl(List.of(catalog));
        assertThat(first).extracting(CrawlSummary::added, CrawlSummary::rejected, CrawlSummary::failed).containsExactly(3, 2, 0);
        assertThat(progress).anySatisfy(l -> assertThat(l).contains("rejected").contains("\"http://[bad\" is not a URL"));
        Entry weather = registry.get("com.example/weather", "latest").orElseThrow();
        assertThat(weather.card().protocolVersions()).containsExactly("2026-07-28");
        assertThat(weather.card().capabilities()).containsExactlyInAnyOrder("tools", "prompts");
        assertThat(weather.server().document().toString()).doesNotContain("supportedProtocolVersions");
        assertThat(registry.search(SearchQuery.text("precipitation"))).extracting(Entry::name).containsExactly("com.example/weather");
        assertThat(requests.stream().filter(r -> r.equals("a.test/cards/flaky"))).hasSize(3);
        assertThat(progress).anySatisfy(l -> assertThat(l).contains("/cards/flaky after 3 attempts"));
        assertThat(registry.rejections()).filteredOn(r -> !r.reason().contains("not a URL")).singleElement().satisfies(r -> {
            assertThat(r.provenance().location()).endsWith("/cards/broken");
            assertThat(r.reason()).contains("invalid Server Card").contains("description");
        });

        // second crawl: unchanged documents answer 304; a card that now fails keeps its entry, marked stale
        documents.remove("a.test/cards/weather");
        CrawlSummary second = crawler(2).crawl(List.of(catalog));
        assertThat(second.failed()).isEqualTo(1);
        assertThat(registry.get("com.example/weather", "1.0.0").orElseThrow().lastError()).contains("answered 404");
        assertThat(registry.search(SearchQuery.text("weather"))).hasSize(1);
    }

    @Test
    void revalidationSends_IfNoneMatch_andCountsNotModified() throws Exception {
        documents.put("a.test/cards/weather", card("com.example/weather", "1.0.0", "Weather.", ""));
        Crawler crawler = crawler(1);
        Source.Card card = new Source.Card(url("a.test", "/cards/weather"));
        crawler.crawl(List.of(card));
        CrawlSummary again = crawler.crawl(List.of(card));
        assertThat(again.notModified()).isEqualTo(1);
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(progress).anySatisfy(l -> assertThat(l).endsWith("/cards/weather (not modified)"));
    }

    @Test
    void limitsConcurrentRequestsPerHost() throws Exception {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            entries.append(i == 0 ? "" : ",").append("""
                    {"identifier": "urn:air:a.test:mcp:s%d", "type": "application/mcp-server-card+json", "url": "/cards/slow?n=%d"}
                    """.formatted(i, i));
            documents.put("a.test/cards/slow?n=" + i, card("com.example/slow" + i, "1.0.0", "Slow " + i + ".", ""));
        }
        documents.put("a.test/catalog.json", "{\"specVersion\": \"1.0\", \"entries\": [" + entries + "]}");
        CrawlSummary s = crawler(2).crawl(List.of(new Source.Catalog(url("a.test", "/catalog.json"))));
        assertThat(s.added()).isEqualTo(6);
        assertThat(maxInFlight.get()).isEqualTo(2);
    }

    @Test
    void refusesPrivateTargetsThroughTheSafeClient() throws Exception {
        SafeHttpClient strict = SafeHttpClient.builder().allowHttp(true).build();
        try {
            Crawler crawler = new Crawler(registry, new Fetcher(strict, 2, 3, Duration.ofMillis(5)), progress::add);
            CrawlSummary s = crawler.crawl(List.of(new Source.Card(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/cards/weather"))));
            assertThat(s.failed()).isEqualTo(1);
            assertThat(requests).isEmpty();
            assertThat(registry.rejections().getFirst().reason()).contains("loopback");
        } finally {
            strict.close();
        }
    }

    @Test
    void pollsAnUpstreamRegistryPageByPageThenOnlyForChanges() throws Exception {
        String page1 = """
                {"servers": [
                  {"server": %s, "_meta": {"io.modelcontextprotocol.registry/official":
                     {"status": "active", "publishedAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-02T00:00:00Z", "isLatest": true}}}
                ], "metadata": {"nextCursor": "page2", "count": 1}}""".formatted(Fixtures.server("io.github.up/one", "1.0.0", "One."));
        String page2 = """
                {"servers": [
                  {"server": %s, "_meta": {"io.modelcontextprotocol.registry/official":
                     {"status": "deprecated", "statusMessage": "use two-next", "publishedAt": "2026-01-01T00:00:00Z",
                      "updatedAt": "2026-01-03T00:00:00Z", "isLatest": true}}},
                  {"server": {"name": "io.github.up/bad"}}
                ], "metadata": {"count": 2}}""".formatted(Fixtures.server("io.github.up/two", "1.0.0", "Two."));
        documents.put("up.test/v0.1/servers?limit=100", page1);
        documents.put("up.test/v0.1/servers?limit=100&cursor=page2", page2);
        documents.put("up.test/v0.1/servers?limit=100&updated_since=2026-01-03T00%3A00%3A00Z", """
                {"servers": [{"server": %s, "_meta": {"io.modelcontextprotocol.registry/official":
                     {"status": "deleted", "publishedAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-04T00:00:00Z"}}}],
                 "metadata": {"count": 1}}""".formatted(Fixtures.server("io.github.up/one", "1.0.0", "One.")));
        Crawler crawler = crawler(2);
        Source.Upstream up = new Source.Upstream(url("up.test", ""));
        CrawlSummary first = crawler.crawl(List.of(up));
        assertThat(first).extracting(CrawlSummary::added, CrawlSummary::rejected).containsExactly(2, 1);
        Entry two = registry.get("io.github.up/two", "1.0.0").orElseThrow();
        assertThat(two.official().status()).isEqualTo(Status.DEPRECATED);
        assertThat(two.official().statusMessage()).isEqualTo("use two-next");
        assertThat(two.official().isLatest()).isTrue();

        CrawlSummary second = crawler.crawl(List.of(up));
        assertThat(requests.getLast()).endsWith("updated_since=2026-01-03T00%3A00%3A00Z");
        assertThat(second.updated()).isEqualTo(1);
        assertThat(registry.get("io.github.up/one", "1.0.0").orElseThrow().official().status()).isEqualTo(Status.DELETED);
        assertThat(registry.search(SearchQuery.text("one"))).isEmpty();
    }

    @Test
    void aSourceOfHigherPrecedenceKeepsANameACardAlsoClaims() throws Exception {
        Files.writeString(dir.resolve("weather.json"), Fixtures.server("com.example/weather", "1.0.0", "Curated.").toString());
        documents.put("a.test/cards/weather", card("com.example/weather", "1.0.0", "From the card.", ""));
        CrawlSummary s = crawler(2).crawl(List.of(new Source.Card(url("a.test", "/cards/weather")), new Source.Files(dir)));
        assertThat(s.added()).isEqualTo(2); // the card's, then the file's
        assertThat(s.rejected()).isZero(); // files took the name over: the card's version is listed as superseded
        assertThat(registry.get("com.example/weather", "1.0.0").orElseThrow().server().description()).isEqualTo("Curated.");
        assertThat(registry.rejections()).singleElement().satisfies(r -> assertThat(r.reason()).startsWith("superseded"));
        CrawlSummary again = crawler(2).crawl(List.of(new Source.Card(url("a.test", "/cards/weather")), new Source.Files(dir)));
        assertThat(again.rejected()).isEqualTo(1);
        assertThat(registry.rejections()).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("already provided by files:" + dir));
    }

    @Test
    void anUpstreamThatAnswersSomethingElseKeepsItsEntriesWithTheError() throws Exception {
        documents.put("up.test/v0.1/servers?limit=100", """
                {"servers": [{"server": %s}], "metadata": {"count": 1}}""".formatted(
                Fixtures.server("io.github.up/one", "1.0.0", "One.")));
        Crawler crawler = crawler(2);
        Source.Upstream up = new Source.Upstream(url("up.test", "/"));
        assertThat(crawler.crawl(List.of(up)).added()).isEqualTo(1);
        documents.put("up.test/v0.1/servers?limit=100", "{\"items\": []}");
        CrawlSummary again = crawler.crawl(List.of(up));
        assertThat(again.failed()).isEqualTo(1);
        Entry one = registry.get("io.github.up/one", "1.0.0").orElseThrow();
        assertThat(one.lastError()).contains("not a ServerList");
        assertThat(registry.rejections()).anySatisfy(r -> assertThat(r.reason()).contains("not a ServerList"));
    }
}
