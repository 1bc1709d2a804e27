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
import dev.switchboard.server.HeaderBinding;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * The SEP-2243 header rules: {@code Mcp-Method}, {@code Mcp-Name} and {@code Mcp-Param-*} must
 * agree with the body. Values are trimmed and Base64-sentinel-decoded before comparing; any
 * disagreement is {@code -32020}.
 */
final class HeaderChecks {
    private static final String PREFIX = "=?base64?";
    private static final String SUFFIX = "?=";

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
            Json value = at(args, b.path());
            String headerName = "Mcp-Param-" + b.header();
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

    /**
     * Trims a header value and decodes the Base64 sentinel {@code =?base64?...?=} (exact,
     * lowercase); anything else is a literal.
     */
    static String decode(String header, String raw) {
        String v = raw.strip();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw mismatch(header + " header contains control characters; send such values Base64-encoded");
            }
        }
        if (v.length() < PREFIX.length() + SUFFIX.length() || !v.startsWith(PREFIX) || !v.endsWith(SUFFIX)) {
            return v;
        }
        String b64 = v.substring(PREFIX.length(), v.length() - SUFFIX.length());
        if (b64.length() % 4 != 0) {
            throw mismatch(header + " header has invalid Base64 (length must be a multiple of 4, with padding)");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(b64);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw mismatch(header + " header has invalid Base64 inside =?base64?...?=");
        }
    }

    static McpException mismatch(String message) {
        return new McpException(ErrorCode.HEADER_MISMATCH, message);
    }
}
