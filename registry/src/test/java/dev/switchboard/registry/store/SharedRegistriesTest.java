package dev.switchboard.registry.store;

import dev.switchboard.registry.Fixtures;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Precedence;
import dev.switchboard.registry.entry.Provenance;
import dev.switchboard.registry.entry.Status;
import dev.switchboard.registry.search.SearchQuery;
import dev.switchboard.registry.source.Crawler;
import dev.switchboard.registry.source.Source;
import dev.switchboard.testkit.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two registry instances on one PostgreSQL database: what one changes (a publish, a crawl, a status
 * change, a removal) shows in the other's reads at once and in its search index within the
 * notification delay; a lost listening connection is made good by a rebuild.
 */
class SharedRegistriesTest {
    /** Generous: delivery takes milliseconds, the listener polls every 250 ms, and the machine may be busy. */
    static final Duration DELAY = Duration.ofSeconds(10);
    static final Provenance PUBLISHED = new Provenance("publish", "POST /v0.1/publish", Precedence.PUBLISHED);
    static PostgresServer pg;
    static int databases;

    String url;
    Registry a;
    Registry b;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void twoInstances() throws Exception {
        String db = "shared_" + ++databases;
        pg.createDatabase(db);
        url = pg.url(db);
        a = new Registry(PostgresEntryStore.open(url), Clock.systemUTC());
        b = new Registry(PostgresEntryStore.open(url), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void aPublishedVersionIsReadAndFoundOnTheOther() {
        assertThat(b.search(SearchQuery.text("forecast"))).isEmpty();
        a.offer(Submission.of(PUBLISHED, Fixtures.server("com.example/weather", "1.0.0", "Forecast for a city.")));
        assertThat(b.get("com.example/weather", "latest")).map(Entry::version).hasValue("1.0.0");
        eventually(() -> names(b.search(SearchQuery.text("forecast"))), List.of("com.example/weather"));
        a.offer(Submission.of(PUBLISHED, Fixtures.server("com.example/weather", "1.1.0", "Forecast for a city, hourly.")));
        eventually(() -> b.search(SearchQuery.text("hourly")).stream().map(Entry::version).toList(),
                List.of("1.1.0"));
        // text() finds latest versions only: 1.0.0 stopped being latest in b's index too
        eventually(() -> b.search(SearchQuery.text("forecast")).stream().map(Entry::version).toList(),
                List.of("1.1.0"));
    }

    @Test
    void aCrawlOnOneIsFoundOnTheOtherAndSoIsWhatItRemoves(@TempDir Path folder) throws Exception {
        Files.write(folder.resolve("maps.json"),
                dev.switchboard.protocol.codec.Wire.write(Fixtures.server("com.example/maps", "2.0.0", "Maps and routing.")));
        Crawler crawler = new Crawler(a, null, line -> { });
        crawler.crawl(List.of(new Source.Files(folder)));
        eventually(() -> names(b.search(SearchQuery.text("routing"))), List.of("com.example/maps"));
        Files.delete(folder.resolve("maps.json"));
        crawler.crawl(List.of(new Source.Files(folder)));
        assertThat(b.all()).isEmpty();
        eventually(() -> names(b.search(SearchQuery.text("routing"))), List.of());
    }

    @Test
    void aStatusChangeOnOneChangesWhatTheOtherFinds() {
        a.offer(Submission.of(PUBLISHED, Fixtures.server("com.example/geo", "1.0.0", "Geocoding.")));
        eventually(() -> names(b.search(SearchQuery.text("geocoding"))), List.of("com.example/geo"));
        a.setStatus("com.example/geo", "1.0.0", Status.DELETED, "gone");
        assertThat(b.get("com.example/geo", "1.0.0")).map(e -> e.official().status()).hasValue(Status.DELETED);
        eventually(() -> names(b.search(SearchQuery.text("geocoding"))), List.of()); // deleted ones are not found by default
    }

    @Test
    void changesGoBothWays() {
        b.offer(Submission.of(PUBLISHED, Fixtures.server("com.example/from-b", "1.0.0", "Written through b.")));
        eventually(() -> names(a.search(SearchQuery.text("through"))), List.of("com.example/from-b"));
    }

    @Test
    void aLostListeningConnectionIsMadeGoodByARebuild() throws Exception {
        // cut every connection b listens on, then change things while it reconnects
        try (Connection c = DriverManager.getConnection(PostgresUrl.parse(url).jdbcUrl(), PostgresUrl.parse(url).properties());
             Statement s = c.createStatement()) {
            int cut = 0;
            try (ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'")) {
                while (rs.next()) {
                    cut++;
                }
            }
            assertThat(cut).isEqualTo(2); // a's and b's
        }
        a.offer(Submission.of(PUBLISHED, Fixtures.server("com.example/late", "1.0.0", "Arrived while b was away.")));
        eventually(() -> names(b.search(SearchQuery.text("away"))), List.of("com.example/late"));
        // and b listens again afterwards
        a.offer(Submission.of(PUBLISHED, Fixtures.server("com.example/later", "1.0.0", "Arrived once b was back.")));
        eventually(() -> names(b.search(SearchQuery.text("back"))), List.of("com.example/later"));
    }

    @Test
    void instancesPublishingOneNameAtOnceLeaveOneLatest() throws Exception {
        int names = 40;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        Thread[] writers = new Thread[2];
        for (int w = 0; w < 2; w++) {
            Registry through = w == 0 ? a : b;
            String version = (w + 1) + ".0.0";
            writers[w] = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < names; i++) {
                        together.await(); // both instances offer a version of the same new name at once
                        through.offer(Submission.of(PUBLISHED, Fixtures.server("com.example/busy-" + i, version, "Busy.")));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (Thread t : writers) {
            t.join();
        }
        for (int i = 0; i < names; i++) {
            List<Entry> versions = a.versions("com.example/busy-" + i);
            assertThat(versions).hasSize(2);
            assertThat(versions).filteredOn(e -> e.official().isLatest()).extracting(Entry::version).as("busy-" + i)
                    .containsExactly("2.0.0");
        }
        eventually(() -> b.search(new SearchQuery("busy", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), true, 100))
                .stream().map(Entry::version).distinct().toList(), List.of("2.0.0"));
    }

    private static List<String> names(List<Entry> entries) {
        return entries.stream().map(Entry::name).toList();
    }

    private static <T> void eventually(Supplier<T> actual, T expected) {
        long deadline = System.nanoTime() + DELAY.toNanos();
        T last = actual.get();
        while (!last.equals(expected) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = actual.get();
        }
        assertThat(last).isEqualTo(expected);
    }
}
