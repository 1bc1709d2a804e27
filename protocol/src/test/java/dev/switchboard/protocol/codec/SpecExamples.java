package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.schema.JsonSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The upstream spec test vectors: {@code spec/2026-07-28/examples/<TypeName>/*.json} and the
 * schema. The directory comes from the {@code switchboard.spec.dir} system property (set by the
 * build), falling back to {@code ../spec} relative to the module.
 */
final class SpecExamples {
    static final String REVISION = "2026-07-28";
    static final String SESSION_ERA_REVISION = "2025-11-25";
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final Map<String, JsonObject> DOCUMENTS = new ConcurrentHashMap<>();

    private SpecExamples() {
    }

    static Path specDir() {
        String configured = System.getProperty("switchboard.spec.dir");
        Path dir = configured == null || configured.isBlank() ? Path.of("../spec") : Path.of(configured);
        if (!Files.isDirectory(dir.resolve(REVISION))) {
            throw new IllegalStateException("spec test vectors not found at " + dir.toAbsolutePath()
                    + " (set -Dswitchboard.spec.dir)");
        }
        return dir;
    }

    static Path examplesDir() {
        return specDir().resolve(REVISION).resolve("examples");
    }

    /** Every example file, sorted, as (type name, file). */
    static List<Path> exampleFiles() {
        try (Stream<Path> files = Files.walk(examplesDir())) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The type name of an example file: its directory's name. */
    static String typeName(Path file) {
        return file.getParent().getFileName().toString();
    }

    static Json read(Path file) {
        try {
            return Wire.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject schemaDocument(String revision) {
        return DOCUMENTS.computeIfAbsent(revision,
                r -> (JsonObject) read(specDir().resolve(r).resolve("schema.json")));
    }

    /** The 2026-07-28 schema document with a top-level {@code $ref} to {@code $defs/<typeName>}; cached. */
    static JsonSchema schemaFor(String typeName) {
        return schemaFor(REVISION, typeName);
    }

    /** A revision's schema document with a top-level {@code $ref} to {@code $defs/<typeName>}; cached. */
    static JsonSchema schemaFor(String revision, String typeName) {
        return SCHEMAS.computeIfAbsent(revision + "#" + typeName, key -> {
            JsonObject doc = schemaDocument(revision);
            if (doc.getObject("$defs").get(typeName) == null) {
                throw new IllegalArgumentException("no $defs/" + typeName + " in the " + revision + " schema");
            }
            return JsonSchema.compile(doc.with("$ref", Json.of("#/$defs/" + typeName)));
        });
    }
}
