package dev.switchboard.http.internal;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.headers.HeaderBinding;
import dev.switchboard.protocol.headers.HeaderValues;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * The SEP-2243 header rules: {@code Mcp-Method}, {@code Mcp-Name} and {@code Mcp-Param-*} must
 * agree with the body. Values are trimmed and Base64-sentinel-decoded before comparing; any
 * disagreement is {@code -32020}.
 */
final class HeaderChecks {
    private HeaderChecks() {
    }

    /** Checks the routing headers of {@code request}; {@code headers} looks up a header by name (case-insensitive). */
    static void check(Request request, Function<String, String> headers, Function<String, List<HeaderBinding>> bindings) {
        String method = headers.apply("Mcp-Method");
        if (method == null) {
            throw mismatch("Missing Mcp-Method header: it must repeat the body's method (\"" + request.method() + "\")");
        }
        if (!method.strip().equals(request.method())) {
            throw mismatch("Mcp-Method header \"" + method.strip() + "\" does not match the body's method \""
                    + request.method() + "\" (values are case-sensitive)");
        }
        String nameMember = switch (request.method()) {
            case Methods.TOOLS_CALL, Methods.PROMPTS_GET -> "name";
            case Methods.RESOURCES_READ -> "uri";
            case Methods.TASKS_GET, Methods.TASKS_UPDATE, Methods.TASKS_CANCEL -> "taskId";
            default -> null;
        };
        if (nameMember != null) {
            String expected = request.params().getString(nameMember);
            String header = headers.apply("Mcp-Name");
            if (header == null) {
                throw mismatch("Missing Mcp-Name header: for " + request.method() + " it must repeat params."
                        + nameMember + (expected == null ? "" : " (\"" + expected + "\")"));
            }
            String actual = decode("Mcp-Name", header);
            if (expected != null && !actual.equals(expected)) {
                throw mismatch("Mcp-Name header \"" + actual + "\" does not match params." + nameMember + " \"" + expected + "\"");
            }
        }
        if (Methods.TOOLS_CALL.equals(request.method())) {
            String tool = request.params().getString("name");
            if (tool != null) {
                checkParams(request.params().getObject("arguments"), bindings.apply(tool), headers);
            }
        }
    }

    private static void checkParams(JsonObject args, List<HeaderBinding> bindings, Function<String, String> headers) {
        for (HeaderBinding b : bindings) {
            Json value = args == null ? null : b.valueIn(args);
            String headerName = b.headerName();
            String raw = headers.apply(headerName);
            if (value == null || value.isNull()) {
                continue; // absent or null arguments are not mirrored
            }
            if (raw == null) {
                throw mismatch("Missing " + headerName + " header: argument " + String.join(".", b.path())
                        + " is present, so the header must mirror it");
            }
            String actual = decode(headerName, raw);
            boolean equal = switch (value) {
                case JsonString s -> s.value().equals(actual);
                case JsonNumber n -> numericEquals(n, actual);
                case JsonBoolean bool -> Boolean.toString(bool.value()).equals(actual);
                default -> false;
            };
            if (!equal) {
                throw mismatch(headerName + " header \"" + actual + "\" does not match argument "
                        + String.join(".", b.path()) + " (" + value + ")");
            }
        }
    }

    private static boolean numericEquals(JsonNumber n, String header) {
        try {
            return new BigDecimal(header).compareTo(n.decimalValue()) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Trims a header value and decodes the Base64 sentinel; a malformed one is a header mismatch. */
    static String decode(String header, String raw) {
        try {
            return HeaderValues.decode(raw);
        } catch (IllegalArgumentException e) {
            throw mismatch(header + " header " + e.getMessage());
        }
    }

    static McpException mismatch(String message) {
        return new McpException(ErrorCode.HEADER_MISMATCH, message);
    }
}
