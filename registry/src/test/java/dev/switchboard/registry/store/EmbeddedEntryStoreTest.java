package dev.switchboard.registry.store;

import dev.switchboard.registry.Fixtures;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.entry.CardFacts;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Status;
import dev.switchboard.registry.search.SearchQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded store keeps entries across restarts, whole, and refuses a damaged file by name. */
class EmbeddedEntryStoreTest {
    @TempDir
    Path dir;

    @Test
    void entriesSurviveARestartAndAreSearchableAgain() {
        CardFacts card = new CardFacts(List.of("2026-07-28"), List.of("tools"),
                List.of(new CardFacts.ToolFact("get_forecast", "Forecast for a city")));
        try (Registry r = new Registry(EmbeddedEntryStore.persistent(dir), new Fixtures.TestClock())) {
            r.offer(new Submission(Fixtures.CARDS, Fixtures.server("com.example/weather", "1.0.0", "Weather."), card, null));
            r.offer(Submission.of(Fixtures.FILES, Fixtures.server("com.example/maps", "2.0.0", "Maps.")));
            r.setStatus("com.example/maps", "2.0.0", Status.DEPRECATED, "use com.example/maps2");
        }
        try (Registry again = new Registry(EmbeddedEntryStore.persistent(dir), new Fixtures.TestClock())) {
            Entry weather = again.get("com.example/weather", "latest").orElseThrow();
            assertThat(weather.card()).isEqualTo(card);
            assertThat(weather.provenance()).isEqualTo(Fixtures.CARDS);
            Entry maps = again.get("com.example/maps", "2.0.0").orElseThrow();
            assertThat(maps.official().status()).isEqualTo(Status.DEPRECATED);
            assertThat(maps.official().statusMessage()).isEqualTo("use com.example/maps2");
            assertThat(again.search(SearchQuery.text("forecast"))).extracting(Entry::name).containsExactly("com.example/weather");
        }
    }

    @Test
    void removingTheLastVersionForgetsTheName() {
        EmbeddedEntryStore store = EmbeddedEntryStore.persistent(dir);
        try (Registry r = new Registry(store, new Fixtures.TestClock())) {
            r.offer(Submission.of(Fixtures.FILES, Fixtures.server("com.example/a", "1.0.0", "A.")));
            assertThat(store.remove("com.example/a", "1.0.0")).isTrue();
            assertThat(store.remove("com.example/a", "1.0.0")).isFalse();
            assertThat(store.versions("com.example/a")).isEmpty();
        }
        assertThat(EmbeddedEntryStore.persistent(dir).all()).isEmpty();
    }

    @Test
    void aDamagedFileIsRefusedNamingTheFileAndTheEntry() throws Exception {
        Files.writeString(dir.resolve("entries.json"), "{\"entries\": [");
        assertThatThrownBy(() -> EmbeddedEntryStore.persistent(dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("entries.json").hasMessageContaining("not valid JSON");
        Files.writeString(dir.resolve("entries.json"), """
                {"entries": [{"server": {"name": "bad", "version": "1", "description": "x"},
                  "official": {"status": "active", "publishedAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"},
                  "provenance": {"source": "s", "location": "l", "precedence": "files"}}]}""");
        assertThatThrownBy(() -> EmbeddedEntryStore.persistent(dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/entries/0").hasMessageContaining("/name");
    }
}
