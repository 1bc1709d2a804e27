package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.Response;

import java.util.Set;

/**
 * Maps every MCP protocol record to and from its JSON: the one place that knows wire names and
 * discriminators. Hand-written per type (no reflection, no databind); thread-safe.
 *
 * <pre>{@code
 * CallToolRequest call = Codec.decodeParams(request, CallToolRequest.class);
 * JsonObject result = Codec.encode(CallToolResult.of(TextContent.of("done")));
 * }</pre>
 *
 * <p>Rules, for every type:
 * <ul>
 *   <li>Optional members are omitted when null; empty collections are written.</li>
 *   <li>Unknown members are ignored on decode. Unknown kinds in a union ({@code type} of content
 *       or references, {@code method} of input requests) decode to an {@code Unknown*} variant
 *       that re-encodes verbatim.</li>
 *   <li>Results write {@code "resultType":"complete"} ({@code "input_required"} for
 *       {@code InputRequiredResult}, {@code "task"} for the Tasks extension's
 *       {@code CreateTaskResult}); decoding accepts an absent {@code resultType} as complete.
 *       Session-era {@code InitializeResult} and the MRTR input responses ({@code ElicitResult},
 *       {@code CreateMessageResult}, {@code ListRootsResult}) carry none, as their schemas say.</li>
 *   <li>A missing required member or a member of the wrong kind throws {@link DecodeException}
 *       ({@code -32602}) whose message starts with the member's path.</li>
 * </ul>
 */
public final class Codec {
    private Codec() {
    }

    /** Decodes {@code json} as {@code type}; errors name paths from the root. */
    public static <T> T decode(Json json, Class<T> type) {
        return decode(json, type, "");
    }

    /**
     * Decodes {@code json} as {@code type}; error paths start with {@code path} (e.g.
     * {@code "params"}).
     *
     * @throws DecodeException          when the JSON does not have the type's shape
     * @throws IllegalArgumentException when {@code type} is not a protocol type ({@link #supports})
     */
    public static <T> T decode(Json json, Class<T> type, String path) {
        CodecRegistry.Entry<?> entry = CodecRegistry.ENTRIES.get(type);
        if (entry == null) {
            throw new IllegalArgumentException("no codec for " + type.getName());
        }
        try {
            return type.cast(entry.decoder().apply(json, path));
        } catch (DecodeException e) {
            throw e;
        } catch (NullPointerException | IllegalArgumentException e) {
            // A record's own check fired (the codec checks most members first, with exact paths).
            throw new DecodeException(path, e.getMessage());
        }
    }

    /** Decodes the params of a request, naming paths from {@code params}. */
    public static <T> T decodeParams(Request request, Class<T> type) {
        return decode(request.params(), type, "params");
    }

    /** Decodes the params of a notification, naming paths from {@code params}. */
    public static <T> T decodeParams(Notification notification, Class<T> type) {
        return decode(notification.params(), type, "params");
    }

    /** Decodes the result of a response, naming paths from {@code result}. */
    public static <T> T decodeResult(Response.Success response, Class<T> type) {
        return decode(response.result(), type, "result");
    }

    /** True when a result object is an MRTR interim result ({@code "resultType":"input_required"}). */
    public static boolean isInputRequired(JsonObject result) {
        return Shared.INPUT_REQUIRED.equals(result.getString(Shared.RESULT_TYPE));
    }

    /** True when a result object is a Tasks-extension {@code CreateTaskResult} ({@code "resultType":"task"}). */
    public static boolean isTask(JsonObject result) {
        return dev.switchboard.protocol.tasks.TasksExtension.RESULT_TYPE.equals(result.getString(Shared.RESULT_TYPE));
    }

    /**
     * Encodes a protocol value (any type {@link #supports} accepts, or an implementation of one of
     * the union interfaces such as {@code Content}).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static JsonObject encode(Object value) {
        CodecRegistry.Entry<?> entry = CodecRegistry.ENTRIES.get(value.getClass());
        if (entry == null) {
            for (Class<?> i : value.getClass().getInterfaces()) {
                entry = CodecRegistry.ENTRIES.get(i);
                if (entry != null) {
                    break;
                }
            }
        }
        if (entry == null) {
            throw new IllegalArgumentException("no codec for " + value.getClass().getName());
        }
        return entry.encodeAny(value);
    }

    /**
     * Encodes a result for a session-era peer (2025-11-25 and earlier): as {@link #encode}, without
     * the members that revision does not have ({@code resultType}, {@code ttlMs}, {@code cacheScope}).
     */
    public static JsonObject encodeSessionEra(Object result) {
        return toSessionEra(encode(result));
    }

    /** An encoded 2026-07-28 result without the members session-era peers do not know. */
    public static JsonObject toSessionEra(JsonObject encodedResult) {
        JsonObject.Builder b = encodedResult.toBuilder();
        for (String modernOnly : Shared.MODERN_ONLY_RESULT_MEMBERS) {
            b.remove(modernOnly);
        }
        return b.build();
    }

    /** True when {@code type} can be decoded and encoded here. */
    public static boolean supports(Class<?> type) {
        return CodecRegistry.ENTRIES.containsKey(type);
    }

    /** Every supported type, in registration order. */
    public static Set<Class<?>> supportedTypes() {
        return CodecRegistry.ENTRIES.keySet();
    }
}
