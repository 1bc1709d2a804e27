package dev.switchboard.protocol.prompts;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.util.Map;
import java.util.Objects;

/**
 * Params of {@code prompts/get}, with the MRTR retry members.
 *
 * @param name           the prompt; required
 * @param arguments      argument values by name, or null
 * @param inputResponses answers to the previous round's input requests, by key, or null
 * @param requestState   the opaque state echoed from the previous round, or null
 * @param meta           {@code _meta}, or null
 */
public record GetPromptRequest(String name, Map<String, String> arguments, Map<String, Json> inputResponses,
                               String requestState, JsonObject meta) {
    /** Validates the required members. */
    public GetPromptRequest {
        Objects.requireNonNull(name, "name");
        arguments = Copies.map(arguments, "arguments");
        inputResponses = Copies.map(inputResponses, "inputResponses");
    }

    /** A first-round request. */
    public static GetPromptRequest of(String name, Map<String, String> arguments) {
        return new GetPromptRequest(name, arguments, null, null, null);
    }
}
