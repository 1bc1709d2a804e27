package dev.switchboard.registry.entry;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.schema.JsonSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A valid {@code server.json}: the document a publisher wrote, checked against the official schema
 * (bundled as {@code server.schema.json} next to this class, a byte-identical copy of the
 * registry's 2025-12-11 release kept so by a test) and against the rules the schema cannot say:
 * the reverse-DNS name and a version that names one release.
 *
 * <p>The document is kept whole, unknown members included, so serving it loses nothing.
 *
 * @param document the document as published
 */
public record ServerJson(JsonObject document) {
    /** The {@code $schema} a current {@code server.json} names. */
    public static final String SCHEMA_URL = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";
    /** Where publishers put data meant for registries, tags among it. */
    public static final String PUBLISHER_META = "io.modelcontextprotocol.registry/publisher-provided";

    private static final JsonSchema SCHEMA = loadSchema();

    public ServerJson {
        Objects.requireNonNull(document, "document");
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = ServerJson.class.getResourceAsStream("server.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("server.schema.json is missing from the classpath");
            }
            // "example" is no JSON Schema keyword (draft-07 has "examples"): dropping it changes no
            // verdict and spares every start a validator warning per occurrence
            return JsonSchema.compile((JsonObject) withoutExamples(Wire.parse(in), false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code json} without "example" keywords; {@code names} when its members are names (of properties, definitions). */
    private static Json withoutExamples(Json json, boolean names) {
        return switch (json) {
            case JsonObject o -> {
                JsonObject.Builder b = JsonObject.builder();
                o.members().forEach((k, v) -> {
                    if (names || !k.equals("example")) {
                        b.put(k, withoutExamples(v, !names && (k.equals("properties") || k.equals("definitions"))));
                    }
                });
                yield b.build();
            }
            case JsonArray a -> new JsonArray(a.values().stream().map(v -> withoutExamples(v, false)).toList());
            default -> json;
        };
    }

    /**
     * Checks {@code json} and wraps it.
     *
     * @throws InvalidEntryException listing every problem, each naming its field
     */
    public static ServerJson parse(Json json) {
        List<String> problems = new ArrayList<>();
        if (!(json instanceof JsonObject doc)) {
            throw new InvalidEntryException(List.of("(root): a server.json must be a JSON object, got " + json.kind()));
        }
        String nameProblem = doc.get("name") instanceof dev.switchboard.protocol.json.JsonString name
                ? ServerNames.problem(name.value()) : null;
        for (JsonSchema.Violation v : SCHEMA.validate(doc)) {
            // our naming message says which rule failed, where the schema's only quotes its pattern
            if (nameProblem == null || !v.path().equals("/name")) {
                problems.add(v.toString());
            }
        }
        if (nameProblem != null) {
            problems.add("/name: " + nameProblem);
        }
        if (doc.get("version") instanceof dev.switchboard.protocol.json.JsonString version) {
            String problem = Versions.problem(version.value());
            if (problem != null) {
                problems.add("/version: " + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEntryException(problems);
        }
        return new ServerJson(doc);
    }

    /** The server's name. */
    public String name() {
        return document.getString("name");
    }

    /** This version. */
    public String version() {
        return document.getString("version");
    }

    /** What it does (1–100 characters). */
    public String description() {
        return document.getString("description");
    }

    /** Its display name, or null. */
    public String title() {
        return document.getString("title");
    }

    /** The transports it can be reached or run with: remote types first, then package transports. */
    public Set<String> transports() {
        Set<String> out = new LinkedHashSet<>();
        objects("remotes").forEach(r -> add(out, r.getString("type")));
        objects("packages").forEach(p -> {
            JsonObject t = p.getObject("transport");
            if (t != null) {
                add(out, t.getString("type"));
            }
        });
        return out;
    }

    /** Its remote endpoints as {@code {type, url}} objects. */
    public List<JsonObject> remotes() {
        return objects("remotes");
    }

    /** Its installable packages. */
    public List<JsonObject> packages() {
        return objects("packages");
    }

    /** The tags its publisher gave, under {@code _meta[PUBLISHER_META].tags}. */
    public List<String> tags() {
        JsonObject meta = document.getObject("_meta");
        JsonObject publisher = meta == null ? null : meta.getObject(PUBLISHER_META);
        if (publisher == null || !(publisher.get("tags") instanceof JsonArray tags)) {
            return List.of();
        }
        return tags.values().stream().map(Json::asString).filter(Objects::nonNull).toList();
    }

    private List<JsonObject> objects(String member) {
        if (!(document.get(member) instanceof JsonArray array)) {
            return List.of();
        }
        return array.values().stream().map(Json::asObject).filter(Objects::nonNull).toList();
    }

    private static void add(Set<String> out, String value) {
        if (value != null) {
            out.add(value);
        }
    }
}
