package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;

/** Maps the JSON-RPC 2.0 envelope to and from {@link Message}. */
public final class JsonRpcCodec {
    private static final JsonString VERSION = new JsonString("2.0");

    private JsonRpcCodec() {
    }

    /**
     * Classifies one parsed JSON value as a JSON-RPC message.
     *
     * @throws McpException {@code -32600} for a batch or a malformed envelope; the exception's
     *                      message says what is wrong
     */
    public static Message decode(Json json) {
        if (json instanceof JsonArray) {
            throw new McpException(ErrorCode.INVALID_REQUEST,
                    "JSON-RPC batches are not supported (removed in MCP 2025-06-18): send one message per request");
        }
        if (!(json instanceof JsonObject o)) {
            throw new McpException(ErrorCode.INVALID_REQUEST,
                    "a JSON-RPC message must be a JSON object, got " + json.kind());
        }
        Json version = o.get("jsonrpc");
        if (!VERSION.equals(version)) {
            throw new McpException(ErrorCode.INVALID_REQUEST,
                    "member \"jsonrpc\" must be \"2.0\", got " + (version == null ? "nothing" : version));
        }
        Json method = o.get("method");
        Json rawId = o.get("id");
        if (method != null) {
            if (!(method instanceof JsonString m)) {
                throw new McpException(ErrorCode.INVALID_REQUEST, "member \"method\" must be a string");
            }
            JsonObject params = params(o);
            if (rawId == null) {
                return new Notification(m.value(), params);
            }
            RequestId id = RequestId.fromJson(rawId);
            if (id == null) {
                throw new McpException(ErrorCode.INVALID_REQUEST,
                        "member \"id\" must be a string or an integer, got " + rawId.kind());
            }
            return new Request(id, m.value(), params);
        }
        if (o.has("result") || o.has("error")) {
            RequestId id = rawId == null ? null : RequestId.fromJson(rawId);
            if (o.get("error") instanceof JsonObject err) {
                return new Response.Failure(id, error(err));
            }
            if (id == null) {
                throw new McpException(ErrorCode.INVALID_REQUEST, "a response needs a string or integer \"id\"");
            }
            if (!(o.get("result") instanceof JsonObject result)) {
                throw new McpException(ErrorCode.INVALID_REQUEST, "member \"result\" must be an object");
            }
            return new Response.Success(id, result);
        }
        throw new McpException(ErrorCode.INVALID_REQUEST,
                "not a JSON-RPC message: it has neither \"method\" nor \"result\"/\"error\"");
    }

    private static JsonObject params(JsonObject o) {
        Json p = o.get("params");
        if (p == null || p instanceof JsonNull) {
            return JsonObject.EMPTY;
        }
        if (p instanceof JsonObject po) {
            return po;
        }
        throw new McpException(ErrorCode.INVALID_REQUEST, "member \"params\" must be an object, got " + p.kind());
    }

    private static JsonRpcError error(JsonObject err) {
        int code = err.get("code") instanceof JsonNumber n && n.fitsLong() ? (int) n.longValue() : ErrorCode.INTERNAL_ERROR;
        String message = err.getString("message");
        return new JsonRpcError(code, message == null ? "" : message, err.get("data"));
    }

    /**
     * Reads the request id of a message that may be malformed otherwise, so an error response can
     * still carry it; null when unreadable.
     */
    public static RequestId peekId(Json json) {
        return json instanceof JsonObject o && o.get("id") != null ? RequestId.fromJson(o.get("id")) : null;
    }

    /** Encodes a message as its JSON-RPC object. */
    public static JsonObject encode(Message message) {
        JsonObject.Builder b = JsonObject.builder().put("jsonrpc", VERSION);
        switch (message) {
            case Request r -> {
                b.put("id", r.id().toJson()).put("method", r.method());
                if (!r.params().isEmpty()) {
                    b.put("params", r.params());
                }
            }
            case Notification n -> {
                b.put("method", n.method());
                if (!n.params().isEmpty()) {
                    b.put("params", n.params());
                }
            }
            case Response.Success s -> b.put("id", s.id().toJson()).put("result", s.result());
            case Response.Failure f -> b.put("id", f.id() == null ? JsonNull.INSTANCE : f.id().toJson())
                    .put("error", encode(f.error()));
        }
        return b.build();
    }

    /** Encodes an error object. */
    public static JsonObject encode(JsonRpcError error) {
        return JsonObject.builder()
                .put("code", error.code())
                .put("message", error.message())
                .put("data", error.data())
                .build();
    }
}
