package dev.switchboard.cli;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.schema.JsonSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The JSON Schemas of our configuration files, shipped in the jar under {@code schemas/}. */
final class Schemas {
    private Schemas() {
    }

    /** The schema {@code schemas/NAME.schema.json}. */
    static JsonSchema load(String name) {
        String resource = "/schemas/" + name + ".schema.json";
        try (InputStream in = Schemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource + " in the switchboard jar");
            }
            return JsonSchema.compile((JsonObject) Wire.parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
