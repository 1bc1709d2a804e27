package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.codec.internal.JsonIo;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Message;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Bytes to JSON and back: the edge of the codec. Parsing failures become {@code -32700} errors
 * that say where the text went wrong. Thread-safe.
 */
public final class Wire {
    private Wire() {
    }

    /** Parses one JSON value from UTF-8 bytes. @throws McpException -32700 on malformed JSON */
    public static Json parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    /** Parses one JSON value from a slice of UTF-8 bytes. @throws McpException -32700 on malformed JSON */
    public static Json parse(byte[] bytes, int offset, int length) {
        try {
            return JsonIo.parse(bytes, offset, length);
        } catch (JsonIo.MalformedJsonException e) {
            throw parseError(e);
        }
    }

    /** Parses one JSON value from text. @throws McpException -32700 on malformed JSON */
    public static Json parse(String text) {
        try {
            return JsonIo.parse(text);
        } catch (JsonIo.MalformedJsonException e) {
            throw parseError(e);
        }
    }

    /** Parses one JSON value from a stream read to its end. @throws McpException -32700 on malformed JSON */
    public static Json parse(InputStream in) {
        try {
            return JsonIo.parse(in);
        } catch (JsonIo.MalformedJsonException e) {
            throw parseError(e);
        }
    }

    private static McpException parseError(JsonIo.MalformedJsonException e) {
        return new McpException(ErrorCode.PARSE_ERROR, "Parse error: the body is not valid JSON (" + e.getMessage() + ")");
    }

    /** Parses and classifies one JSON-RPC message. */
    public static Message readMessage(byte[] bytes) {
        return JsonRpcCodec.decode(parse(bytes));
    }

    /** Compact UTF-8 JSON. */
    public static byte[] write(Json json) {
        return JsonIo.write(json);
    }

    /** Writes compact UTF-8 JSON to {@code out} without closing it. */
    public static void write(Json json, OutputStream out) {
        JsonIo.write(json, out);
    }

    /** A message as compact UTF-8 JSON. */
    public static byte[] write(Message message) {
        return JsonIo.write(JsonRpcCodec.encode(message));
    }

    /** Compact JSON text. */
    public static String toText(Json json) {
        return new String(write(json), StandardCharsets.UTF_8);
    }
}
