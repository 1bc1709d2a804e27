package dev.switchboard.registry.search;

import dev.switchboard.registry.Fixtures;
import dev.switchboard.registry.entry.CardFacts;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Official;
import dev.switchboard.registry.entry.ServerJson;
import dev.switchboard.registry.entry.Status;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The index's size grows with what it holds, and a rebuild replaces the whole index. */
class SearchIndexSizeTest {
    static Entry entry(int i) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new Entry(ServerJson.parse(Fixtures.server("com.example/s" + i, "1.0.0", "Server number " + i + " forecasts.")),
                new Official(Status.ACTIVE, null, at, at, true), Fixtures.FILES, CardFacts.NONE, null);
    }

    @Test
    void sizeGrowsWithEntriesAndReplaceAllStartsOver() {
        try (SearchIndex index = new SearchIndex()) {
            assertThat(index.sizeInBytes()).isLessThan(1_000);
            List<Entry> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                many.add(entry(i));
            }
            index.update(many);
            long big = index.sizeInBytes();
            assertThat(big).isGreaterThan(5_000);
            index.replaceAll(List.of(entry(1)));
            assertThat(index.sizeInBytes()).isLessThan(big);
            assertThat(index.search(SearchQuery.text("forecasts"))).extracting(SearchIndex.Hit::name).containsExactly("com.example/s1");
        }
    }
}
