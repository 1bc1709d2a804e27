package dev.switchboard.registry.store;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.registry.Fixtures;
import dev.switchboard.registry.entry.CardFacts;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Official;
import dev.switchboard.registry.entry.ServerJson;
import dev.switchboard.registry.entry.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link EntryStore} must do (the embedded one here; a database-backed one later):
 * extend this with {@link #open()}.
 */
abstract class EntryStoreContract {
    EntryStore store;

    /** A fresh, empty store. */
    abstract EntryStore open();

    @BeforeEach
    void start() {
        store = open();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    static Entry entry(String name, String version, String description) {
        JsonObject doc = Fixtures.server(name, version, description);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new Entry(ServerJson.parse(doc), new Official(Status.ACTIVE, null, at, at, false), Fixtures.FILES,
                CardFacts.NONE, null);
    }

    @Test
    void getsWhatWasPutAndReplacesByNameAndVersion() {
        store.putAll(List.of(entry("com.example/a", "1.0.0", "One."), entry("com.example/a", "2.0.0", "Two.")));
        assertThat(store.get("com.example/a", "1.0.0")).map(e -> e.server().description()).hasValue("One.");
        store.putAll(List.of(entry("com.example/a", "1.0.0", "One again.")));
        assertThat(store.get("com.example/a", "1.0.0")).map(e -> e.server().description()).hasValue("One again.");
        assertThat(store.versions("com.example/a")).hasSize(2);
        assertThat(store.get("com.example/a", "3.0.0")).isEmpty();
        assertThat(store.versions("com.example/none")).isEmpty();
    }

    @Test
    void listsByNameThenVersionAsText() {
        store.putAll(List.of(entry("com.example/b", "1.0.0", "B."), entry("com.example/a", "1.10.0", "A10."),
                entry("com.example/a", "1.9.0", "A9."), entry("com.example/a-z", "1.0.0", "AZ.")));
        assertThat(store.all()).extracting(e -> e.name() + "@" + e.version()).containsExactly(
                "com.example/a@1.10.0", "com.example/a@1.9.0", "com.example/a-z@1.0.0", "com.example/b@1.0.0");
    }

    @Test
    void pagesFollowAPositionInListingOrder() {
        store.putAll(List.of(entry("com.example/b", "1.0.0", "B."), entry("com.example/a", "1.10.0", "A10."),
                entry("com.example/a", "1.9.0", "A9."), entry("com.example/a-z", "1.0.0", "AZ."),
                entry("com.example/c", "1.0.0", "C.")));
        assertThat(store.after(null, null, 2)).extracting(e -> e.name() + "@" + e.version())
                .containsExactly("com.example/a@1.10.0", "com.example/a@1.9.0");
        assertThat(store.after("com.example/a", "1.9.0", 2)).extracting(e -> e.name() + "@" + e.version())
                .containsExactly("com.example/a-z@1.0.0", "com.example/b@1.0.0");
        // a position that is not stored: what follows it
        assertThat(store.after("com.example/a", "1.5.0", 10)).extracting(e -> e.name() + "@" + e.version())
                .containsExactly("com.example/a@1.9.0", "com.example/a-z@1.0.0", "com.example/b@1.0.0", "com.example/c@1.0.0");
        assertThat(store.after("com.example/c", "1.0.0", 10)).isEmpty();
        assertThat(store.after("com.example/bb", "0", 10)).extracting(Entry::name).containsExactly("com.example/c");
    }

    @Test
    void removesOneVersion() {
        store.putAll(List.of(entry("com.example/a", "1.0.0", "One."), entry("com.example/a", "2.0.0", "Two.")));
        assertThat(store.remove("com.example/a", "1.0.0")).isTrue();
        assertThat(store.remove("com.example/a", "1.0.0")).isFalse();
        assertThat(store.all()).extracting(Entry::version).containsExactly("2.0.0");
    }

    @Test
    void keepsEveryPartOfAnEntry() {
        Instant at = Instant.parse("2026-02-03T04:05:06.789Z");
        Entry full = new Entry(ServerJson.parse(Fixtures.server("com.example/full", "1.0.0", "Full.")),
                new Official(Status.DEPRECATED, "use v2", at, at.plusSeconds(5), true), Fixtures.CARDS,
                new CardFacts(List.of("2026-07-28"), List.of("tools"), List.of(new CardFacts.ToolFact("t", null))), "503");
        store.putAll(List.of(full));
        assertThat(store.get("com.example/full", "1.0.0")).hasValue(full);
    }
}
