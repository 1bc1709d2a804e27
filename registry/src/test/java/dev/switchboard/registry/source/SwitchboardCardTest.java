package dev.switchboard.registry.source;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.outbound.AddressClass;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.search.SearchQuery;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A real Switchboard server's own card and catalog, crawled: its tools and capabilities become searchable. */
class SwitchboardCardTest {
    @Test
    void crawlsTheCardAndCatalogASwitchboardServerPublishes() throws Exception {
        try (McpHttpServer demo = McpHttpServer.builder(DemoServer.create()).port(0).start();
             SafeHttpClient http = SafeHttpClient.builder().allow(AddressClass.LOOPBACK).allowHttp(true).build();
             Registry registry = Registry.inMemory()) {
            Crawler crawler = new Crawler(registry, new Fetcher(http, 2, 2, Duration.ofMillis(10)), line -> { });
            URI catalog = URI.create("http://127.0.0.1:" + demo.port() + "/.well-known/ai-catalog.json");
            CrawlSummary s = crawler.crawl(List.of(new Source.Catalog(catalog)));
            assertThat(s.added()).as(registry.rejections().toString()).isEqualTo(1);
            Entry e = registry.get("dev.switchboard/demo", "latest").orElseThrow();
            assertThat(e.server().remotes().getFirst().getString("url")).isEqualTo(demo.endpoint().toString());
            assertThat(e.card().protocolVersions()).contains("2026-07-28");
            assertThat(e.card().capabilities()).contains("tools");
            assertThat(e.card().tools()).extracting(t -> t.name()).contains("echo", "count_slowly");
            assertThat(registry.search(new SearchQuery("count slowly", Set.of("streamable-http"), Set.of("2026-07-28"),
                    Set.of("tools"), Set.of(), Set.of(), true, 5))).extracting(Entry::name).containsExactly("dev.switchboard/demo");
        }
    }
}
