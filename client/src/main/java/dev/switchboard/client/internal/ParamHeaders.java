package dev.switchboard.client.internal;

import dev.switchboard.protocol.headers.HeaderBinding;
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
    public static List<HeaderBinding> bindings(JsonObject inputSchema) throws InvalidAnnotation {
        try {
            return XMcpHeader.bindings(inputSchema);
        } catch (IllegalArgumentException e) {
            throw new InvalidAnnotation(e.getMessage());
        }
    }

    /**
     * The {@code Mcp-Param-*} headers for {@code arguments}: strings as-is or Base64, integers in
     * decimal, booleans as {@code true}/{@code false}; nothing for absent or null values.
     */
    public static Map<String, String> headers(List<HeaderBinding> bindings, JsonObject arguments) {
        Map<String, String> out = new LinkedHashMap<>();
        for (HeaderBinding b : bindings) {
            String v = value(b.valueIn(arguments));
            if (v != null) {
                out.put(b.headerName(), v);
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
}
