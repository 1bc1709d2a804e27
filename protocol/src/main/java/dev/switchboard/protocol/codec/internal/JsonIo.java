package dev.switchboard.protocol.codec.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the {@link Json} tree with Jackson's streaming parser and generator. This is
 * the only place that turns bytes into JSON values; no databind, no reflection.
 */
public final class JsonIo {
    /** Nesting beyond this is refused: no legitimate MCP message comes close. */
    public static final int MAX_DEPTH = 200;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // buffers recycled per carrier (striped) rather than per virtual thread, which would never reuse them
            .recyclerPool(JsonRecyclerPools.sharedHybridPool())
            // Wire.write(json, out) must leave the caller's stream open (SSE writes many messages)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(1000)
                    .build())
            .build();

    private JsonIo() {
    }

    /** Thrown for text that is not one well-formed JSON value. */
    public static final class MalformedJsonException extends RuntimeException {
        MalformedJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Parses exactly one JSON value from UTF-8 bytes; trailing content is an error. */
    public static Json parse(byte[] bytes, int offset, int length) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
            return parseDocument(p);
        }
    }

    /** Parses exactly one JSON value from a stream (read to the end). */
    public static Json parse(InputStream in) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), in)) {
            return parseDocument(p);
        }
    }

    /** Parses exactly one JSON value from text. */
    public static Json parse(String text) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            return parseDocument(p);
        }
    }

    private static Json parseDocument(JsonParser p) {
        try {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MalformedJsonException("empty body: expected one JSON value", null);
            }
            Json value = read(p, first);
            if (p.nextToken() != null) {
                throw new MalformedJsonException(
                        "unexpected content after the JSON value at " + location(p), null);
            }
            return value;
        } catch (StreamReadException e) {
            throw new MalformedJsonException(e.getOriginalMessage() + " at " + location(p), e);
        } catch (tools.jackson.core.JacksonException e) {
            throw new MalformedJsonException(e.getOriginalMessage(), e);
        }
    }

    private static String location(JsonParser p) {
        var loc = p.currentLocation();
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static Json read(JsonParser p, JsonToken t) {
        switch (t) {
            case START_OBJECT: {
                JsonObject.Builder b = JsonObject.builder();
                String name;
                while ((name = p.nextName()) != null) {
                    b.put(name, read(p, p.nextToken()));
                }
                return b.build();
            }
            case START_ARRAY: {
                List<Json> items = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, next));
                }
                return items.isEmpty() ? JsonArray.EMPTY : new JsonArray(items);
            }
            case VALUE_STRING:
                return new JsonString(p.getString());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT, LONG -> JsonNumber.of(p.getLongValue());
                    default -> JsonNumber.of(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return JsonNumber.of(p.getDecimalValue());
            case VALUE_TRUE:
                return JsonBoolean.TRUE;
            case VALUE_FALSE:
                return JsonBoolean.FALSE;
            case VALUE_NULL:
                return JsonNull.INSTANCE;
            default:
                throw new MalformedJsonException("unexpected token " + t + " at " + location(p), null);
        }
    }

    /** Writes compact UTF-8 JSON. */
    public static byte[] write(Json json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(json, out);
        return out.toByteArray();
    }

    /** Writes compact UTF-8 JSON to {@code out} (not closed). */
    public static void write(Json json, OutputStream out) {
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            write(g, json);
        } catch (tools.jackson.core.JacksonException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }

    /** Compact JSON text. */
    public static String writeString(Json json) {
        return new String(write(json), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator g, Json json) {
        switch (json) {
            case JsonObject o -> {
                g.writeStartObject();
                for (Map.Entry<String, Json> e : o.members().entrySet()) {
                    g.writeName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case JsonArray a -> {
                g.writeStartArray();
                for (Json v : a.values()) {
                    write(g, v);
                }
                g.writeEndArray();
            }
            case JsonString s -> g.writeString(s.value());
            case JsonNumber n -> {
                if (n.fitsLong()) {
                    g.writeNumber(n.longValue());
                } else {
                    g.writeNumber(n.decimalValue());
                }
            }
            case JsonBoolean b -> g.writeBoolean(b.value());
            case JsonNull n -> g.writeNull();
        }
    }
}
