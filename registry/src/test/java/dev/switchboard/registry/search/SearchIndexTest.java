package dev.switchboard.registry.search;

import dev.switchboard.registry.Fixtures;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.entry.CardFacts;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Full text over names, titles, descriptions and tools; filters; kept current on every change. */
class SearchIndexTest {
    final Registry registry = Registry.inMemory();

    @BeforeEach
    void fill() {
        registry.offer(new Submission(Fixtures.CARDS, Fixtures.server("com.example/weather", "1.0.0", "Forecasts and alerts."),
                new CardFacts(List.of("2026-07-28", "2025-11-25"), List.of("tools", "resources"),
                        List.of(new CardFacts.ToolFact("get_forecast", "Hourly precipitation for a city"))), null));
        registry.offer(Submission.of(Fixtures.FILES, Fixtures.packaged("io.github.alice/git-tools", "0.3.0",
                "Read commits and diffs of local repositories.", List.of("Git", "dev"))));
        registry.offer(Submission.of(Fixtures.FILES, Fixtures.packaged("io.github.alice/git-tools", "0.2.0",
                "Older git tools.", List.of("git"))));
    }

    private List<String> names(SearchQuery q) {
        return registry.search(q).stream().map(e -> e.name() + "@" + e.version()).toList();
    }

    private static SearchQuery q(String text, Set<String> transports, Set<String> protocols, Set<String> caps, Set<String> tags,
                                 Set<Status> statuses, boolean latest) {
        return new SearchQuery(text, transports, protocols, caps, tags, statuses, latest, 10);
    }

    @Test
    void findsByNamePartsDescriptionsAndToolText() {
        assertThat(names(SearchQuery.text("weather"))).containsExactly("com.example/weather@1.0.0");
        assertThat(names(SearchQuery.text("precipitation"))).containsExactly("com.example/weather@1.0.0");
        assertThat(names(SearchQuery.text("forecast"))).containsExactly("com.example/weather@1.0.0");
        assertThat(names(SearchQuery.text("commits"))).containsExactly("io.github.alice/git-tools@0.3.0");
        assertThat(names(SearchQuery.text("alice"))).containsExactly("io.github.alice/git-tools@0.3.0");
        assertThat(names(SearchQuery.text("nothing-like-this"))).isEmpty();
    }

    @Test
    void textThatIsNotQuerySyntaxIsSearchedLiterally() {
        assertThat(names(SearchQuery.text("weather (\"alerts"))).containsExactly("com.example/weather@1.0.0");
        // operator words alone are words: both descriptions say "and"
        assertThat(names(SearchQuery.text("AND OR"))).containsExactlyInAnyOrder("com.example/weather@1.0.0",
                "io.github.alice/git-tools@0.3.0");
    }

    @Test
    void filtersNarrowAndCombine() {
        assertThat(names(q("", Set.of("stdio"), Set.of(), Set.of(), Set.of(), Set.of(), true)))
                .containsExactly("io.github.alice/git-tools@0.3.0");
        assertThat(names(q("", Set.of("streamable-http", "stdio"), Set.of(), Set.of(), Set.of(), Set.of(), true))).hasSize(2);
        assertThat(names(q("", Set.of(), Set.of("2026-07-28"), Set.of(), Set.of(), Set.of(), true)))
                .containsExactly("com.example/weather@1.0.0");
        assertThat(names(q("", Set.of(), Set.of(), Set.of("Resources"), Set.of(), Set.of(), true)))
                .containsExactly("com.example/weather@1.0.0");
        assertThat(names(q("", Set.of(), Set.of(), Set.of(), Set.of("GIT"), Set.of(), true)))
                .containsExactly("io.github.alice/git-tools@0.3.0");
        assertThat(names(q("", Set.of(), Set.of(), Set.of(), Set.of("git"), Set.of(), false)))
                .containsExactlyInAnyOrder("io.github.alice/git-tools@0.3.0", "io.github.alice/git-tools@0.2.0");
        assertThat(names(q("weather", Set.of("stdio"), Set.of(), Set.of(), Set.of(), Set.of(), true))).isEmpty();
    }

    @Test
    void statusChangesAndRemovalsShowAtOnce() {
        registry.setStatus("com.example/weather", "1.0.0", Status.DELETED, null);
        assertThat(names(SearchQuery.text("weather"))).isEmpty();
        assertThat(names(q("weather", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(Status.DELETED), false)))
                .containsExactly("com.example/weather@1.0.0");
        registry.retain(Fixtures.FILES.source(), Set.of("io.github.alice/git-tools@0.2.0"));
        assertThat(names(SearchQuery.text("git"))).containsExactly("io.github.alice/git-tools@0.2.0");
        Entry e = registry.get("io.github.alice/git-tools", "latest").orElseThrow();
        assertThat(e.version()).isEqualTo("0.2.0");
    }

    @Test
    void namesAndTitlesRankAboveMentionsInDescriptions() {
        registry.offer(Submission.of(Fixtures.FILES, Fixtures.server("com.example/calendar", "1.0.0",
                "Schedules meetings; reads the weather for outdoor events.")));
        assertThat(names(SearchQuery.text("weather")).getFirst()).isEqualTo("com.example/weather@1.0.0");
    }
}
