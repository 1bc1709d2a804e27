package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.elicitation.PrimitiveSchemaDefinition;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Builds and reads the {@code requestedSchema} of a form-mode elicitation from typed
 * {@link PrimitiveSchemaDefinition}s. Thread-safe.
 */
public final class ElicitationSchemas {
    private ElicitationSchemas() {
    }

    /**
     * A flat object schema: {@code {"type":"object","properties":{...},"required":[...]}}.
     * Property order is kept; {@code required} may be empty.
     */
    public static JsonObject requestedSchema(Map<String, PrimitiveSchemaDefinition> properties, List<String> required) {
        return JsonObject.builder().put("type", "object")
                .put("properties", Shared.object(properties, ElicitationSchemaCodec::encode))
                .put("required", required.isEmpty() ? null : JsonArray.ofStrings(required))
                .build();
    }

    /**
     * The typed properties of {@code requestedSchema}, in order; shapes outside the allowed subset
     * come back as {@code UnknownPrimitiveSchema}.
     *
     * @throws DecodeException when {@code properties} is missing or not an object
     */
    public static Map<String, PrimitiveSchemaDefinition> properties(JsonObject requestedSchema) {
        Fields f = Fields.of(requestedSchema, "requestedSchema");
        Map<String, PrimitiveSchemaDefinition> out = f.optMap("properties", ElicitationSchemaCodec::decode);
        if (out == null) {
            throw new DecodeException(f.path("properties"), "required object is missing");
        }
        return out;
    }

    /** One property schema as JSON. */
    public static Json toJson(PrimitiveSchemaDefinition schema) {
        return ElicitationSchemaCodec.encode(schema);
    }
}
