package dev.switchboard.config.internal;

import dev.switchboard.config.ConfigException;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into the {@link Json} tree, remembering the line and column of every value
 * by JSON Pointer. Duplicate keys are refused (YAML forbids them; a silent last-wins hides typos).
 */
public final class YamlTree {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    /** A 1-based position in the file. */
    public record Position(int line, int column) {
    }

    private final Json root;
    private final Map<String, Position> positions;

    private YamlTree(Json root, Map<String, Position> positions) {
        this.root = root;
        this.positions = positions;
    }

    /** Parses {@code text}; {@code name} prefixes error messages. */
    public static YamlTree parse(String name, String text) {
        Map<String, Position> positions = new HashMap<>();
        try (JsonParser p = YAML.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            Json root = first == null ? null : read(name, p, first, "", positions);
            return new YamlTree(root, Map.copyOf(positions));
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            throw new ConfigException(name + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** The document's root value, or null for an empty document. */
    public Json root() {
        return root;
    }

    /** The position of every value, keyed by JSON Pointer ("" for the root). */
    public Map<String, Position> positions() {
        return positions;
    }

    private static Json read(String name, JsonParser p, JsonToken t, String pointer, Map<String, Position> positions) {
        TokenStreamLocation at = p.currentTokenLocation();
        positions.put(pointer, new Position(at.getLineNr(), at.getColumnNr()));
        return switch (t) {
            case START_OBJECT -> {
                JsonObject.Builder b = JsonObject.builder();
                String field;
                while ((field = p.nextName()) != null) {
                    String child = pointer + "/" + field.replace("~", "~0").replace("/", "~1");
                    if (b.has(field)) {
                        TokenStreamLocation dup = p.currentTokenLocation();
                        throw new ConfigException(name + ":" + dup.getLineNr() + ":" + dup.getColumnNr()
                                + ": " + child + " is given twice");
                    }
                    b.put(field, read(name, p, p.nextToken(), child, positions));
                }
                yield b.build();
            }
            case START_ARRAY -> {
                List<Json> items = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(name, p, next, pointer + "/" + items.size(), positions));
                }
                yield items.isEmpty() ? JsonArray.EMPTY : new JsonArray(items);
            }
            case VALUE_STRING -> new JsonString(p.getString());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT, LONG -> JsonNumber.of(p.getLongValue());
                default -> JsonNumber.of(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> JsonNumber.of(p.getDecimalValue());
            case VALUE_TRUE -> JsonBoolean.TRUE;
            case VALUE_FALSE -> JsonBoolean.FALSE;
            case VALUE_NULL -> JsonNull.INSTANCE;
            default -> throw new ConfigException(name + ":" + at.getLineNr() + ":" + at.getColumnNr()
                    + ": unexpected YAML token " + t);
        };
    }
}
