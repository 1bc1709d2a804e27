package dev.switchboard.registry.source;

import dev.switchboard.protocol.discovery.InvalidDocumentException;
import dev.switchboard.protocol.discovery.ServerCards;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.registry.entry.CardFacts;
import dev.switchboard.registry.entry.ServerJson;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Server Card read as a registry entry. A card is the remote-connectivity subset of a
 * {@code server.json}, so its members carry over as they are; what only cards say (the protocol
 * revisions of each remote, and our {@code _meta} capabilities and tools) becomes {@link CardFacts}.
 */
final class CardDocuments {
    /** The card members a server.json has too. */
    private static final List<String> SHARED = List.of("name", "version", "description", "title", "websiteUrl", "repository",
            "icons");

    private CardDocuments() {
    }

    /**
     * A card turned into a server.json document and facts.
     *
     * @param server the server.json (not yet validated as one)
     * @param facts  what only the card says
     */
    record Converted(JsonObject server, CardFacts facts) {
    }

    /**
     * Converts {@code card}.
     *
     * @throws InvalidDocumentException when it is not a valid Server Card; names the fields
     */
    static Converted convert(Json card) {
        List<dev.switchboard.protocol.schema.JsonSchema.Violation> violations = ServerCards.validate(card);
        if (!violations.isEmpty()) {
            throw new InvalidDocumentException("Server Card", violations);
        }
        JsonObject c = card.asObject();
        JsonObject.Builder server = JsonObject.builder().put("$schema", ServerJson.SCHEMA_URL);
        SHARED.forEach(m -> {
            if (c.has(m)) {
                server.put(m, c.get(m));
            }
        });
        Set<String> versions = new LinkedHashSet<>();
        if (c.get("remotes") instanceof JsonArray remotes) {
            List<Json> out = new ArrayList<>();
            for (Json r : remotes.values()) {
                JsonObject remote = r.asObject();
                if (remote.get("supportedProtocolVersions") instanceof JsonArray v) {
                    v.values().stream().map(Json::asString).filter(Objects::nonNull).forEach(versions::add);
                }
                out.add(remote.without("supportedProtocolVersions"));
            }
            server.put("remotes", new JsonArray(out));
        }
        JsonObject meta = c.getObject("_meta");
        List<String> capabilities = List.of();
        List<CardFacts.ToolFact> tools = List.of();
        if (meta != null) {
            JsonObject caps = meta.getObject(ServerCards.META_CAPABILITIES);
            capabilities = caps == null ? List.of() : List.copyOf(caps.members().keySet());
            if (meta.get(ServerCards.META_TOOLS) instanceof JsonArray list) {
                tools = list.values().stream().map(Json::asObject)
                        .filter(t -> t != null && t.getString("name") != null)
                        .map(t -> new CardFacts.ToolFact(t.getString("name"), t.getString("description"))).toList();
            }
        }
        return new Converted(server.build(), new CardFacts(List.copyOf(versions), capabilities, tools));
    }
}
