package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.errors.MissingRequiredClientCapabilityError;
import dev.switchboard.protocol.errors.UnsupportedProtocolVersionError;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.McpException;

/**
 * JSON-RPC error objects, and the MCP errors whose {@code data} has a defined shape. Use
 * {@link #toException} to throw one from a handler, or {@link #toJsonRpcError} to build a
 * {@code Response.Failure} directly. Thread-safe.
 */
public final class ErrorCodec {
    private ErrorCodec() {
    }

    /** The {@code -32022} error as a JSON-RPC error object. */
    public static JsonRpcError toJsonRpcError(UnsupportedProtocolVersionError e) {
        return new JsonRpcError(UnsupportedProtocolVersionError.CODE, e.message(), data(e));
    }

    /** The {@code -32021} error as a JSON-RPC error object. */
    public static JsonRpcError toJsonRpcError(MissingRequiredClientCapabilityError e) {
        return new JsonRpcError(MissingRequiredClientCapabilityError.CODE, e.message(), data(e));
    }

    /** The {@code -32022} error as an exception that the dispatcher turns into the error response. */
    public static McpException toException(UnsupportedProtocolVersionError e) {
        return new McpException(UnsupportedProtocolVersionError.CODE, e.message(), data(e));
    }

    /** The {@code -32021} error as an exception that the dispatcher turns into the error response. */
    public static McpException toException(MissingRequiredClientCapabilityError e) {
        return new McpException(MissingRequiredClientCapabilityError.CODE, e.message(), data(e));
    }

    private static JsonObject data(UnsupportedProtocolVersionError e) {
        return JsonObject.of("supported", Shared.strings(e.supported()), "requested", Json.of(e.requested()));
    }

    private static JsonObject data(MissingRequiredClientCapabilityError e) {
        return JsonObject.of("requiredCapabilities", LifecycleCodec.encode(e.requiredCapabilities()));
    }

    static JsonRpcError decodeError(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new JsonRpcError(code(f), f.string("message"), f.raw("data"));
    }

    static JsonObject encode(JsonRpcError e) {
        return JsonRpcCodec.encode(e);
    }

    private static int code(Fields f) {
        JsonNumber n = f.number("code");
        if (!n.fitsLong() || n.longValue() < Integer.MIN_VALUE || n.longValue() > Integer.MAX_VALUE) {
            throw new DecodeException(f.path("code"), "expected a 32-bit integer, got " + n);
        }
        return (int) n.longValue();
    }

    private static Fields expect(Json json, String path, int expectedCode) {
        Fields f = Fields.of(json, path);
        int code = code(f);
        if (code != expectedCode) {
            throw new DecodeException(f.path("code"), "expected " + expectedCode + ", got " + code);
        }
        return f;
    }

    static UnsupportedProtocolVersionError decodeUnsupportedProtocolVersion(Json json, String path) {
        Fields f = expect(json, path, UnsupportedProtocolVersionError.CODE);
        Fields data = f.required("data", Fields::of);
        return new UnsupportedProtocolVersionError(f.string("message"), data.list("supported", Fields::asString),
                data.string("requested"));
    }

    static JsonObject encode(UnsupportedProtocolVersionError e) {
        return encode(toJsonRpcError(e));
    }

    static MissingRequiredClientCapabilityError decodeMissingRequiredClientCapability(Json json, String path) {
        Fields f = expect(json, path, MissingRequiredClientCapabilityError.CODE);
        Fields data = f.required("data", Fields::of);
        return new MissingRequiredClientCapabilityError(f.string("message"),
                data.required("requiredCapabilities", LifecycleCodec::decodeClientCapabilities));
    }

    static JsonObject encode(MissingRequiredClientCapabilityError e) {
        return encode(toJsonRpcError(e));
    }
}
