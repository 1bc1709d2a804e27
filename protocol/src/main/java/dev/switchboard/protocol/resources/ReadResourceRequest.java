package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.util.Map;
import java.util.Objects;

/**
 * Params of {@code resources/read}, with the MRTR retry members.
 *
 * @param uri            the resource; required
 * @param inputResponses answers to the previous round's input requests, by key, or null
 * @param requestState   the opaque state echoed from the previous round, or null
 * @param meta           {@code _meta}, or null
 */
public record ReadResourceRequest(String uri, Map<String, Json> inputResponses, String requestState,
                                  JsonObject meta) {
    /** Validates the required members. */
    public ReadResourceRequest {
        Objects.requireNonNull(uri, "uri");
        inputResponses = Copies.map(inputResponses, "inputResponses");
    }

    /** A first-round read. */
    public static ReadResourceRequest of(String uri) {
        return new ReadResourceRequest(uri, null, null, null);
    }
}
