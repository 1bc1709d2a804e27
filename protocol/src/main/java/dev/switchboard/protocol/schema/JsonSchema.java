package dev.switchboard.protocol.schema;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.schema.internal.SchemaEngine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled JSON Schema (dialect 2020-12 unless the schema's {@code $schema} says otherwise).
 * Compile once, validate many times; instances are thread-safe. References to network URIs are
 * never fetched (the spec forbids auto-dereferencing them): such a {@code $ref} fails to compile.
 */
public final class JsonSchema {
    /**
     * Schemas compiled lately, by their content: compiling costs far more than looking up, and the
     * same schemas come back (a gateway's catalog rebuild compiles every upstream tool's schemas in
     * several places). Least recently used beyond this many go; instances are immutable, so sharing
     * them is safe.
     */
    static final int CACHED = 2048;
    private static final Map<JsonObject, JsonSchema> COMPILED = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<JsonObject, JsonSchema> eldest) {
                    return size() > CACHED;
                }
            });

    private final JsonObject source;
    private final SchemaEngine.Compiled compiled;

    private JsonSchema(JsonObject source, SchemaEngine.Compiled compiled) {
        this.source = source;
        this.compiled = compiled;
    }

    /**
     * Compiles {@code schema}.
     *
     * @throws IllegalArgumentException when the schema itself is invalid or refers to a remote
     *                                  document; the message says which part
     */
    public static JsonSchema compile(JsonObject schema) {
        JsonSchema known = COMPILED.get(schema);
        if (known != null) {
            return known;
        }
        JsonSchema compiled = new JsonSchema(schema, SchemaEngine.compile(schema)); // throws for an invalid one: not kept
        COMPILED.put(schema, compiled);
        return compiled;
    }

    /** The schema as given. */
    public JsonObject source() {
        return source;
    }

    /** Validates {@code instance}; an empty list means valid. */
    public List<Violation> validate(Json instance) {
        return compiled.validate(instance);
    }

    /** True when {@code instance} is valid. */
    public boolean isValid(Json instance) {
        return validate(instance).isEmpty();
    }

    /**
     * One reason an instance is invalid.
     *
     * @param path    JSON Pointer-like location in the instance, e.g. {@code /items/0/name}
     * @param message what is wrong, for a person
     */
    public record Violation(String path, String message) {
        @Override
        public String toString() {
            return (path.isEmpty() ? "(root)" : path) + ": " + message;
        }
    }
}
