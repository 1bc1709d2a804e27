package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.sampling.CreateMessageResult;

import java.util.Map;

/**
 * Reads the values of an MRTR retry's {@code inputResponses} ({@code Map<String, Json>} on
 * {@code CallToolRequest}, {@code GetPromptRequest} and {@code ReadResourceRequest}). The
 * values carry no type tag: the server knows from its own {@code inputRequests} which kind each
 * key must hold. Malformed values throw {@link DecodeException} ({@code -32602}) naming the path,
 * e.g. {@code params.inputResponses.github_login.action}. Thread-safe.
 */
public final class InputResponses {
    private static final String BASE = "params.inputResponses";

    private InputResponses() {
    }

    /** Decodes one value as an elicitation answer; {@code path} names it in errors. */
    public static ElicitResult elicitResult(Json value, String path) {
        return ElicitationCodec.decodeElicitResult(value, path);
    }

    /** Decodes one value as a sampled message; {@code path} names it in errors. */
    public static CreateMessageResult createMessageResult(Json value, String path) {
        return SamplingCodec.decodeCreateMessageResult(value, path);
    }

    /** Decodes one value as a roots listing; {@code path} names it in errors. */
    public static ListRootsResult listRootsResult(Json value, String path) {
        return RootsCodec.decodeListRootsResult(value, path);
    }

    /**
     * The elicitation answer under {@code key}, or null when the map is null or lacks the key (the
     * server then asks again with a new input-required result rather than failing).
     */
    public static ElicitResult elicitResult(Map<String, Json> responses, String key) {
        Json v = lookup(responses, key);
        return v == null ? null : elicitResult(v, BASE + "." + key);
    }

    /** The sampled message under {@code key}, or null when absent. */
    public static CreateMessageResult createMessageResult(Map<String, Json> responses, String key) {
        Json v = lookup(responses, key);
        return v == null ? null : createMessageResult(v, BASE + "." + key);
    }

    /** The roots listing under {@code key}, or null when absent. */
    public static ListRootsResult listRootsResult(Map<String, Json> responses, String key) {
        Json v = lookup(responses, key);
        return v == null ? null : listRootsResult(v, BASE + "." + key);
    }

    private static Json lookup(Map<String, Json> responses, String key) {
        return responses == null ? null : responses.get(key);
    }
}
