package dev.switchboard.registry;

import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.registry.entry.Precedence;
import dev.switchboard.registry.entry.Provenance;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Documents and sources the registry tests share. */
public final class Fixtures {
    private Fixtures() {
    }

    public static final Provenance FILES = new Provenance("files:servers/", "servers/a.json", Precedence.FILES);
    public static final Provenance CARDS = new Provenance("card:https://mcp.example.com/mcp/server-card",
            "https://mcp.example.com/mcp/server-card", Precedence.CARDS);
    public static final Provenance UPSTREAM = new Provenance("registry:https://registry.example.com",
            "https://registry.example.com/v0.1/servers", Precedence.REGISTRIES);

    /** A valid server.json with a streamable-http remote. */
    public static JsonObject server(String name, String version, String description) {
        return JsonObject.builder().put("$schema", "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json")
                .put("name", name).put("version", version).put("description", description)
                .put("remotes", JsonArray.of(JsonObject.of("type", dev.switchboard.protocol.json.Json.of("streamable-http"),
                        "url", dev.switchboard.protocol.json.Json.of("https://mcp.example.com/mcp"))))
                .build();
    }

    /** A valid server.json run from an npm package over stdio. */
    public static JsonObject packaged(String name, String version, String description, List<String> tags) {
        return JsonObject.builder().put("name", name).put("version", version).put("description", description)
                .put("packages", JsonArray.of(JsonObject.builder().put("registryType", "npm").put("identifier", "@example/" + version)
                        .put("version", version).put("transport", JsonObject.of("type", dev.switchboard.protocol.json.Json.of("stdio")))
                        .build()))
                .put("_meta", JsonObject.of("io.modelcontextprotocol.registry/publisher-provided",
                        JsonObject.of("tags", JsonArray.ofStrings(tags))))
                .build();
    }

    /** A clock that moves only when told. */
    public static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        public void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
