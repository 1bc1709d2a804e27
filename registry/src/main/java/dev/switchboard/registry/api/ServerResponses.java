package dev.switchboard.registry.api;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Official;

import java.util.List;

/**
 * Entries in the official read API's shapes: {@code ServerResponse} is the publisher's
 * {@code server.json} untouched, beside {@code _meta} with the registry's metadata; this
 * registry adds where the entry came from and its last refresh error under its own key.
 */
public final class ServerResponses {
    /** Our {@code _meta} key: {@code {source, lastError?}}. */
    public static final String META_PROVENANCE = "dev.switchboard/registry";

    private ServerResponses() {
    }

    /** One {@code ServerResponse}. */
    public static JsonObject of(Entry e) {
        Official o = e.official();
        JsonObject official = JsonObject.builder().put("status", o.status().wire()).put("statusMessage", o.statusMessage())
                .put("publishedAt", o.publishedAt().toString()).put("updatedAt", o.updatedAt().toString())
                .put("isLatest", o.isLatest()).build();
        JsonObject ours = JsonObject.builder().put("source", e.provenance().source()).put("lastError", e.lastError()).build();
        return JsonObject.of("server", e.server().document(),
                "_meta", JsonObject.of(Official.META_KEY, official, META_PROVENANCE, ours));
    }

    /** A {@code ServerList} of {@code entries}, with {@code nextCursor} when there is more. */
    public static JsonObject list(List<Entry> entries, String nextCursor) {
        JsonObject.Builder metadata = JsonObject.builder();
        if (nextCursor != null) {
            metadata.put("nextCursor", nextCursor);
        }
        metadata.put("count", entries.size());
        return JsonObject.of("servers", new JsonArray(entries.stream().map(ServerResponses::of).map(Json.class::cast).toList()),
                "metadata", metadata.build());
    }
}
