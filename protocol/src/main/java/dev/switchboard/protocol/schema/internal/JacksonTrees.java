package dev.switchboard.protocol.schema.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Converts our {@link Json} tree to Jackson's, for the schema validator only. */
final class JacksonTrees {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JacksonTrees() {
    }

    static JsonNode toNode(Json json) {
        return switch (json) {
            case JsonObject o -> {
                ObjectNode n = F.objectNode();
                o.members().forEach((k, v) -> n.set(k, toNode(v)));
                yield n;
            }
            case JsonArray a -> {
                ArrayNode n = F.arrayNode(a.size());
                a.values().forEach(v -> n.add(toNode(v)));
                yield n;
            }
            case JsonString s -> F.textNode(s.value());
            case JsonNumber num -> num.fitsLong() ? F.numberNode(num.longValue()) : F.numberNode(num.decimalValue());
            case JsonBoolean b -> F.booleanNode(b.value());
            case JsonNull nul -> F.nullNode();
        };
    }
}
