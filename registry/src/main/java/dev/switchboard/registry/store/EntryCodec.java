package dev.switchboard.registry.store;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.registry.entry.CardFacts;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Official;
import dev.switchboard.registry.entry.Precedence;
import dev.switchboard.registry.entry.Provenance;
import dev.switchboard.registry.entry.ServerJson;
import dev.switchboard.registry.entry.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Entries as JSON for stores that keep documents ({@code server.json} stays as published). */
public final class EntryCodec {
    private EntryCodec() {
    }

    /** {@code entry} as a JSON object. */
    public static JsonObject encode(Entry entry) {
        Official o = entry.official();
        List<Json> tools = new ArrayList<>();
        entry.card().tools().forEach(t -> tools.add(JsonObject.builder().put("name", t.name())
                .put("description", t.description()).build()));
        return JsonObject.builder()
                .put("server", entry.server().document())
                .put("official", JsonObject.builder().put("status", o.status().wire()).put("statusMessage", o.statusMessage())
                        .put("publishedAt", o.publishedAt().toString()).put("updatedAt", o.updatedAt().toString())
                        .put("isLatest", o.isLatest()).build())
                .put("provenance", JsonObject.builder().put("source", entry.provenance().source())
                        .put("location", entry.provenance().location())
                        .put("precedence", entry.provenance().precedence().name().toLowerCase(Locale.ROOT)).build())
                .put("card", JsonObject.builder()
                        .put("protocolVersions", JsonArray.ofStrings(entry.card().protocolVersions()))
                        .put("capabilities", JsonArray.ofStrings(entry.card().capabilities()))
                        .put("tools", new JsonArray(tools)).build())
                .put("lastError", entry.lastError())
                .build();
    }

    /**
     * The entry {@code json} encodes. The {@code server.json} is checked again, so a document
     * edited on disk cannot bypass validation.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static Entry decode(Json json) {
        JsonObject o = Objects.requireNonNull(json.asObject(), "an entry must be an object");
        JsonObject off = required(o.getObject("official"), "official");
        JsonObject prov = required(o.getObject("provenance"), "provenance");
        JsonObject card = o.getObject("card");
        Official official = new Official(Status.of(off.getString("status")), off.getString("statusMessage"),
                Instant.parse(required(off.getString("publishedAt"), "official.publishedAt")),
                Instant.parse(required(off.getString("updatedAt"), "official.updatedAt")),
                off.get("isLatest") instanceof JsonBoolean b && b.value());
        Provenance provenance = new Provenance(required(prov.getString("source"), "provenance.source"),
                required(prov.getString("location"), "provenance.location"),
                Precedence.valueOf(required(prov.getString("precedence"), "provenance.precedence").toUpperCase(Locale.ROOT)));
        CardFacts facts = card == null ? CardFacts.NONE : new CardFacts(strings(card, "protocolVersions"),
                strings(card, "capabilities"), tools(card));
        return new Entry(ServerJson.parse(required(o.get("server"), "server")), official, provenance, facts,
                o.getString("lastError"));
    }

    private static List<String> strings(JsonObject o, String member) {
        return o.get(member) instanceof JsonArray a ? a.values().stream().map(Json::asString).filter(Objects::nonNull).toList()
                : List.of();
    }

    private static List<CardFacts.ToolFact> tools(JsonObject card) {
        if (!(card.get("tools") instanceof JsonArray a)) {
            return List.of();
        }
        return a.values().stream().map(Json::asObject).filter(t -> t != null && t.getString("name") != null)
                .map(t -> new CardFacts.ToolFact(t.getString("name"), t.getString("description"))).toList();
    }

    private static <T> T required(T value, String member) {
        if (value == null) {
            throw new IllegalArgumentException("a stored entry lacks " + member);
        }
        return value;
    }
}
