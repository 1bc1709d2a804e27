package dev.switchboard.protocol.discovery;

import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.CatalogEntry;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AI Catalog: entries by URL or inline, the URN of a card, and what a broken catalog says. */
class AiCatalogTest {
    private static final ServerCard CARD = ServerCard.builder("com.example.widgets/inventory", "1.0.0", "Stock").build();

    @Test
    void roundTripsUrlAndInlineEntries() {
        AiCatalog catalog = new AiCatalog("1.0", new AiCatalog.Host("Example", null, null, null), List.of(
                CatalogEntry.forCard(CARD, "https://example.com/mcp/server-card"),
                new CatalogEntry("urn:air:example.com:mcp:inline", ServerCard.MEDIA_TYPE, null, Codec.encode(CARD),
                        null, null, List.of("demo"), "1.0.0", null, null)), null);
        Json json = Codec.encode(catalog);
        assertThat(ServerCards.parseCatalog(json)).isEqualTo(catalog);
        assertThat(catalog.serverCards()).hasSize(2);
    }

    @Test
    void identifiesACardByItsReversedNamespace() {
        assertThat(CatalogEntry.identifierFor(CARD)).isEqualTo("urn:air:widgets.example.com:mcp:inventory");
    }

    @Test
    void ignoresUnknownMembersAndKeepsOtherArtifactTypes() {
        AiCatalog catalog = ServerCards.parseCatalog(Wire.parse("""
                {"specVersion":"1.0","signature":"x","entries":[
                  {"identifier":"urn:air:example.com:a2a:r","type":"application/a2a-agent-card+json",
                   "url":"https://example.com/agent","trustManifest":{}}]}"""));
        assertThat(catalog.entries()).hasSize(1);
        assertThat(catalog.serverCards()).isEmpty();
    }

    @Test
    void refusesAnEntryWithBothOrNeitherLocation() {
        assertThatThrownBy(() -> ServerCards.parseCatalog(Wire.parse("""
                {"specVersion":"1.0","entries":[{"identifier":"a","type":"t","url":"https://x","data":{}}]}""")))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("entries[0]").hasMessageContaining("both");
        assertThatThrownBy(() -> ServerCards.parseCatalog(Wire.parse("""
                {"specVersion":"1.0","entries":[{"identifier":"a","type":"t"}]}""")))
                .hasMessageContaining("neither");
        assertThatThrownBy(() -> new CatalogEntry("a", "t", null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAMissingMember() {
        assertThatThrownBy(() -> ServerCards.parseCatalog(Wire.parse("{\"entries\":[]}")))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("specVersion");
        assertThatThrownBy(() -> ServerCards.parseCatalog(Wire.parse("""
                {"specVersion":"1.0","entries":[{"type":"t","url":"https://x"}]}""")))
                .hasMessageContaining("entries[0].identifier");
    }
}
