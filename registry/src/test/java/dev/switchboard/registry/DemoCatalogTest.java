package dev.switchboard.registry;

import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.search.SearchQuery;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled demo entries are all valid and searchable. */
class DemoCatalogTest {
    @Test
    void everyDemoEntryIsValidAndSearchable() {
        try (Registry registry = Registry.inMemory()) {
            assertThat(DemoCatalog.offerTo(registry)).isEqualTo(DemoCatalog.FILES.size());
            assertThat(registry.rejections()).isEmpty();
            assertThat(registry.search(SearchQuery.text("tickets"))).extracting(Entry::name)
                    .containsExactly("com.example.tickets/helpdesk");
            assertThat(registry.search(new SearchQuery("", Set.of("stdio"), Set.of(), Set.of(), Set.of(), Set.of(), true, 10)))
                    .hasSize(3);
        }
    }
}
