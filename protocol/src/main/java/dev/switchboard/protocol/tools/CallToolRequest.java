package dev.switchboard.protocol.tools;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.util.Map;
import java.util.Objects;

/**
 * Params of {@code tools/call}. On an MRTR retry the client adds {@code inputResponses} (raw
 * values; decode them with {@code dev.switchboard.protocol.codec.InputResponses}) and echoes
 * {@code requestState}.
 *
 * @param name           the tool; required
 * @param arguments      the arguments, or null when the message had none
 * @param inputResponses answers to the previous round's input requests, by key, or null
 * @param requestState   the opaque state echoed from the previous round, or null
 * @param meta           {@code _meta}, or null
 */
public record CallToolRequest(String name, JsonObject arguments, Map<String, Json> inputResponses,
                              String requestState, JsonObject meta) {
    /** Validates the required members. */
    public CallToolRequest {
        Objects.requireNonNull(name, "name");
        inputResponses = Copies.map(inputResponses, "inputResponses");
    }

    /** A first-round call. */
    public static CallToolRequest of(String name, JsonObject arguments) {
        return new CallToolRequest(name, arguments, null, null, null);
    }

    /** The arguments, or {@link JsonObject#EMPTY} when the message had none. */
    public JsonObject argumentsOrEmpty() {
        return arguments == null ? JsonObject.EMPTY : arguments;
    }
}
