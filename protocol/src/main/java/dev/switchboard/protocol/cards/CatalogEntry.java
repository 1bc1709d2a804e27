package dev.switchboard.protocol.cards;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One artifact of an {@link AiCatalog}: its media type and either where to fetch it ({@code url})
 * or the document itself ({@code data}), never both.
 *
 * @param identifier  a stable id, e.g. {@code urn:air:example.com:mcp:weather}; required
 * @param type        the artifact's media type, e.g. {@link ServerCard#MEDIA_TYPE}; required
 * @param url         where the artifact is, or null when {@code data} is given
 * @param data        the artifact inline, or null when {@code url} is given
 * @param displayName overrides the artifact's own name, or null (the spec prefers null)
 * @param description overrides the artifact's own description, or null
 * @param tags        keywords, or null
 * @param version     the artifact's version, or null
 * @param updatedAt   RFC 3339 time of the last change, or null
 * @param extensions  vendor data, or null
 */
public record CatalogEntry(String identifier, String type, String url, Json data, String displayName,
                           String description, List<String> tags, String version, String updatedAt,
                           JsonObject extensions) {
    /** Checks the required members and that exactly one of {@code url} and {@code data} is set. */
    public CatalogEntry {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(type, "type");
        if ((url == null) == (data == null)) {
            throw new IllegalArgumentException("exactly one of url and data must be set, got "
                    + (url == null ? "neither" : "both"));
        }
        tags = Copies.list(tags, "tags");
    }

    /** An entry pointing at the Server Card {@code card} served at {@code url}. */
    public static CatalogEntry forCard(ServerCard card, String url) {
        return new CatalogEntry(identifierFor(card), ServerCard.MEDIA_TYPE, url, null, null, null, null, null, null,
                null);
    }

    /**
     * The AI Catalog identifier of a card: {@code urn:air:<publisher domain>:mcp:<name>}, where the
     * domain is the card name's reverse-DNS namespace turned around ({@code com.example/weather}
     * gives {@code urn:air:example.com:mcp:weather}), as the catalog's URN convention asks.
     */
    public static String identifierFor(ServerCard card) {
        int slash = card.name().indexOf('/');
        if (slash < 0) {
            return "urn:air:local:mcp:" + card.name();
        }
        List<String> labels = new ArrayList<>(List.of(card.name().substring(0, slash).split("\\.")));
        Collections.reverse(labels);
        return "urn:air:" + String.join(".", labels) + ":mcp:" + card.name().substring(slash + 1);
    }
}
