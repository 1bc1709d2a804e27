package dev.switchboard.client.internal;

import dev.switchboard.protocol.headers.HeaderValues;
import dev.switchboard.protocol.headers.XMcpHeader;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Mcp-Param-*} headers a tool's {@code x-mcp-header} annotations ask a client to send
 * (SEP-2243; the annotation rules live in {@link XMcpHeader}, shared with the server).
 */
public final class ParamHeaders {

    /**
     * One mirrored argument.
     *
     * @param header the header suffix, e.g. {@code Region} for {@code Mcp-Param-Region}
     * @param path   property names from the root to the argument
     */
    public record Binding(String header, List<String> path) {
    }

    /** A schema whose annotations break the rules; the message names the property. */
    public static final class InvalidAnnotation extends Exception {
        InvalidAnnotation(String message) {
            super(message);
        }
    }

    private ParamHeaders() {
    }

    /**
     * The bindings of {@code inputSchema}.
     *
     * @throws InvalidAnnotation when an annotation breaks a rule (clients drop such tools)
     */
    public static List<Binding> bindings(JsonObject inputSchema) throws InvalidAnnotation {
        try {
            return XMcpHeader.bindings(inputSchema).stream().map(b -> new Binding(b.header(), b.path())).toList();
        } catch (IllegalArgumentException e) {
            throw new InvalidAnnotation(e.getMessage());
        }
    }

    /**
     * The {@code Mcp-Param-*} headers for {@code arguments}: strings as-is or Base64, integers in
     * decimal, booleans as {@code true}/{@code false}; nothing for absent or null values.
     */
    public static Map<String, String> headers(List<Binding> bindings, JsonObject arguments) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Binding b : bindings) {
            String v = value(at(arguments, b.path()));
            if (v != null) {
                out.put("Mcp-Param-" + b.header(), v);
            }
        }
        return out;
    }

    private static String value(Json json) {
        return switch (json) {
            case null -> null;
            case JsonString s -> HeaderValues.encode(s.value());
            case JsonNumber n -> n.fitsLong() ? Long.toString(n.longValue())
                    : n.isIntegral() ? n.decimalValue().stripTrailingZeros().toPlainString() : n.decimalValue().toPlainString();
            case JsonBoolean b -> Boolean.toString(b.value());
            default -> null; // null, or a value of the wrong type: the server will say so
        };
    }

    private static Json at(JsonObject args, List<String> path) {
        Json cur = args;
        for (String p : path) {
            if (!(cur instanceof JsonObject o)) {
                return null;
            }
            cur = o.get(p);
        }
        return cur;
    }
}
