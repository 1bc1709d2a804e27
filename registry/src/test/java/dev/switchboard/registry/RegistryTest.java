package dev.switchboard.registry;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.registry.Registry.Change;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Precedence;
import dev.switchboard.registry.entry.Provenance;
import dev.switchboard.registry.entry.Rejection;
import dev.switchboard.registry.entry.Status;
import dev.switchboard.registry.search.SearchQuery;
import dev.switchboard.registry.store.EmbeddedEntryStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static dev.switchboard.registry.Fixtures.CARDS;
import static dev.switchboard.registry.Fixtures.FILES;
import static dev.switchboard.registry.Fixtures.UPSTREAM;
import static dev.switchboard.registry.Fixtures.server;
import static org.assertj.core.api.Assertions.assertThat;

/** Offers, precedence between sources, latest versions and rejections. */
class RegistryTest {
    final Fixtures.TestClock clock = new Fixtures.TestClock();
    final Registry registry = new Registry(EmbeddedEntryStore.inMemory(), clock);

    @Test
    void addsUpdatesAndRecognisesUnchangedDocuments() {
        assertThat(registry.offer(Submission.of(FILES, server("com.example/weather", "1.0.0", "Weather.")))).isEqualTo(Change.ADDED);
        Instant published = clock.instant();
        clock.advance(60);
        assertThat(registry.offer(Submission.of(FILES, server("com.example/weather", "1.0.0", "Weather.")))).isEqualTo(Change.UNCHANGED);
        assertThat(registry.offer(Submission.of(FILES, server("com.example/weather", "1.0.0", "Forecasts.")))).isEqualTo(Change.UPDATED);
        Entry e = registry.get("com.example/weather", "1.0.0").orElseThrow();
        assertThat(e.server().description()).isEqualTo("Forecasts.");
        assertThat(e.official().publishedAt()).isEqualTo(published);
        assertThat(e.official().updatedAt()).isEqualTo(published.plusSeconds(60));
        assertThat(e.official().status()).isEqualTo(Status.ACTIVE);
        assertThat(e.official().isLatest()).isTrue();
    }

    @Test
    void theHighestSemanticVersionIsLatestWhateverTheOrderOfPublication() {
        registry.offer(Submission.of(FILES, server("com.example/w", "2.0.0", "Two.")));
        clock.advance(1);
        registry.offer(Submission.of(FILES, server("com.example/w", "1.9.0", "Backport.")));
        clock.advance(1);
        registry.offer(Submission.of(FILES, server("com.example/w", "2.1.0-beta", "Beta.")));
        assertThat(registry.get("com.example/w", "latest").orElseThrow().version()).isEqualTo("2.1.0-beta");
        assertThat(registry.versions("com.example/w")).extracting(Entry::version).containsExactly("2.1.0-beta", "1.9.0", "2.0.0");
        assertThat(registry.versions("com.example/w")).filteredOn(e -> e.official().isLatest()).hasSize(1);
        registry.setStatus("com.example/w", "2.1.0-beta", Status.DELETED, "withdrawn");
        assertThat(registry.get("com.example/w", "latest").orElseThrow().version()).isEqualTo("2.0.0");
    }

    @Test
    void nonSemanticVersionsMakeTheLastPublishedLatest() {
        registry.offer(Submission.of(FILES, server("com.example/w", "2026.01", "Jan.")));
        clock.advance(1);
        registry.offer(Submission.of(FILES, server("com.example/w", "2025.12", "Dec, published later.")));
        assertThat(registry.get("com.example/w", "latest").orElseThrow().version()).isEqualTo("2025.12");
    }

    @Test
    void invalidDocumentsAreRejectedWithTheirReasonAndStayOutOfResults() {
        assertThat(registry.offer(Submission.of(FILES, server("weather", "1.0.0", "No namespace.")))).isEqualTo(Change.REJECTED);
        assertThat(registry.offer(Submission.of(FILES, Wire.parse("\"just a string\"")))).isEqualTo(Change.REJECTED);
        assertThat(registry.all()).isEmpty();
        assertThat(registry.search(SearchQuery.text(""))).isEmpty();
        assertThat(registry.rejections()).extracting(Rejection::reason)
                .anySatisfy(r -> assertThat(r).contains("/name"))
                .anySatisfy(r -> assertThat(r).contains("must be a JSON object, got string"));
        assertThat(registry.rejections().getFirst().name()).isEqualTo("weather");
    }

    @Test
    void aWeakerSourceCannotTakeANameAndIsToldWhoOwnsIt() {
        registry.offer(Submission.of(FILES, server("com.example/weather", "1.0.0", "From files.")));
        assertThat(registry.offer(Submission.of(CARDS, server("com.example/weather", "1.0.0", "From a card."))))
                .isEqualTo(Change.REJECTED);
        assertThat(registry.get("com.example/weather", "1.0.0").orElseThrow().server().description()).isEqualTo("From files.");
        assertThat(registry.rejections()).singleElement().satisfies(r -> {
            assertThat(r.provenance()).isEqualTo(CARDS);
            assertThat(r.reason()).contains("duplicate", "already provided by files:servers/ (files)", "takes precedence");
        });
        // a different source of the same kind does not win either: the first to list a name keeps it
        Provenance otherFiles = new Provenance("files:more/", "more/w.json", Precedence.FILES);
        assertThat(registry.offer(Submission.of(otherFiles, server("com.example/weather", "1.1.0", "x.")))).isEqualTo(Change.REJECTED);
    }

    @Test
    void aStrongerSourceTakesANameOverAndTheLoserIsListed() {
        registry.offer(Submission.of(UPSTREAM, server("com.example/weather", "1.0.0", "Second hand.")));
        registry.offer(Submission.of(UPSTREAM, server("com.example/weather", "0.9.0", "Older.")));
        assertThat(registry.offer(Submission.of(CARDS, server("com.example/weather", "1.0.0", "From the card."))))
                .isEqualTo(Change.ADDED);
        assertThat(registry.versions("com.example/weather")).singleElement()
                .satisfies(e -> assertThat(e.provenance()).isEqualTo(CARDS));
        assertThat(registry.rejections()).hasSize(2).allSatisfy(r -> assertThat(r.reason()).startsWith("superseded"));
        assertThat(registry.search(SearchQuery.text("second hand"))).isEmpty();
        assertThat(registry.search(SearchQuery.text("card"))).hasSize(1);
    }

    @Test
    void retainRemovesWhatASourceNoLongerListsAndRefreshFailureKeepsTheLastGoodDocument() {
        registry.offer(Submission.of(FILES, server("com.example/a", "1.0.0", "A.")));
        registry.offer(Submission.of(FILES, server("com.example/a", "1.1.0", "A newer.")));
        assertThat(registry.retain(FILES.source(), Set.of("com.example/a@1.0.0"))).isEqualTo(1);
        assertThat(registry.get("com.example/a", "latest").orElseThrow().version()).isEqualTo("1.0.0");
        assertThat(registry.refreshFailed(FILES.source(), FILES.location(), "GET failed: 503")).isEqualTo(1);
        Entry e = registry.get("com.example/a", "1.0.0").orElseThrow();
        assertThat(e.lastError()).isEqualTo("GET failed: 503");
        assertThat(registry.offer(Submission.of(FILES, server("com.example/a", "1.0.0", "A.")))).isEqualTo(Change.UPDATED);
        assertThat(registry.get("com.example/a", "1.0.0").orElseThrow().lastError()).isNull();
    }

    @Test
    void aCorrectedDocumentClearsItsRejection() {
        registry.offer(Submission.of(FILES, server("com.example/a", "1.0.0", "x".repeat(101))));
        assertThat(registry.rejections()).hasSize(1);
        registry.offer(Submission.of(FILES, server("com.example/a", "1.0.0", "Fixed.")));
        assertThat(registry.rejections()).isEmpty();
        registry.offer(Submission.of(CARDS, server("com.example/a", "1.0.0", "dup")));
        registry.clearRejections(CARDS.source());
        assertThat(registry.rejections()).isEmpty();
    }

    @Test
    void rejectionsAreBoundedForgettingTheOldest() {
        for (int i = 0; i <= Registry.MAX_REJECTIONS; i++) {
            registry.reject(FILES, "com.example/r" + i, "1.0.0", "bad");
        }
        assertThat(registry.rejections()).hasSize(Registry.MAX_REJECTIONS);
        assertThat(registry.rejections().getFirst().name()).isEqualTo("com.example/r1");
        assertThat(registry.rejection(FILES, "com.example/r0", "1.0.0")).isEmpty();
    }
}
