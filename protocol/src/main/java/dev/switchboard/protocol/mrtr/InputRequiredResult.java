package dev.switchboard.protocol.mrtr;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The interim result of an MRTR round ({@code "resultType":"input_required"}): the server needs
 * input before it can answer {@code tools/call}, {@code prompts/get} or {@code resources/read}.
 * The client retries the same method with a new id, adding {@code inputResponses} under the same
 * keys and echoing {@code requestState} byte for byte.
 *
 * <p>At least one of the two members must be present; {@code requestState} alone means "retry
 * now". The server must treat the echoed state as attacker-controlled.
 *
 * @param inputRequests what the client must fulfil, by server-chosen key, or null
 * @param requestState  opaque state to echo on the retry, or null
 * @param meta          {@code _meta}, or null
 */
public record InputRequiredResult(Map<String, InputRequest> inputRequests, String requestState, JsonObject meta) {
    /** Validates that there is something to act on. */
    public InputRequiredResult {
        if (inputRequests == null && requestState == null) {
            throw new IllegalArgumentException("at least one of inputRequests and requestState is required");
        }
        inputRequests = Copies.map(inputRequests, "inputRequests");
    }

    /** One input request plus state. */
    public static InputRequiredResult of(String key, InputRequest request, String requestState) {
        Map<String, InputRequest> m = new LinkedHashMap<>();
        m.put(key, request);
        return new InputRequiredResult(m, requestState, null);
    }

    /** Several input requests plus state (may be null). */
    public static InputRequiredResult of(Map<String, InputRequest> inputRequests, String requestState) {
        return new InputRequiredResult(inputRequests, requestState, null);
    }

    /** "Retry now" with new state and no input requests. */
    public static InputRequiredResult retry(String requestState) {
        return new InputRequiredResult(null, requestState, null);
    }
}
