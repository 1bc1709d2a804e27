package dev.switchboard.cli;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;

/**
 * Values for a JSON Schema object's properties when there is nobody to ask: each property's
 * {@code default}, else (for required properties, or every boolean when answering a form) a
 * placeholder of its type.
 */
final class Placeholders {
    private Placeholders() {
    }

    /** Arguments for a tool's input schema: defaults, and placeholders for required properties. */
    static JsonObject arguments(JsonObject schema) {
        return arguments(schema, false);
    }

    /**
     * Values for {@code schema}'s properties.
     *
     * @param confirmBooleans also give booleans without a default the value {@code true} (a form's
     *                        checkboxes: "please confirm")
     */
    static JsonObject arguments(JsonObject schema, boolean confirmBooleans) {
        JsonObject.Builder out = JsonObject.builder();
        JsonObject properties = schema == null ? null : schema.getObject("properties");
        if (properties == null) {
            return out.build();
        }
        java.util.Set<String> required = new java.util.HashSet<>();
        if (schema.get("required") instanceof JsonArray a) {
            a.values().forEach(v -> {
                if (v.asString() != null) {
                    required.add(v.asString());
                }
            });
        }
        properties.members().forEach((name, value) -> {
            JsonObject p = value.asObject();
            if (p == null) {
                return;
            }
            if (p.has("default")) {
                out.put(name, p.get("default"));
                return;
            }
            String type = p.getString("type");
            if ("boolean".equals(type) && (confirmBooleans || required.contains(name))) {
                out.put(name, Json.of(true));
            } else if (required.contains(name)) {
                out.put(name, placeholder(p, type));
            }
        });
        return out.build();
    }

    private static Json placeholder(JsonObject property, String type) {
        if (property.get("enum") instanceof JsonArray e && !e.values().isEmpty()) {
            return e.values().getFirst();
        }
        return switch (type == null ? "string" : type) {
            case "integer", "number" -> Json.of(1);
            case "boolean" -> Json.of(true);
            case "object" -> JsonObject.EMPTY;
            case "array" -> JsonArray.EMPTY;
            default -> Json.of("x");
        };
    }
}
