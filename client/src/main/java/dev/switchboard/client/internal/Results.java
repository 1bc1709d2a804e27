package dev.switchboard.client.internal;

import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Response;

import java.net.URI;

/** Turns what a POST got back into a result object or the matching exception. */
public final class Results {
    private Results() {
    }

    /**
     * The result of a success; {@link ErrorResponseException} for a JSON-RPC error; an
     * {@link Kind#HTTP_STATUS} failure for an HTTP error without one.
     */
    public static JsonObject of(String method, PostResult r, URI endpoint) {
        if (r.response() instanceof Response.Success s) {
            return s.result();
        }
        throw failure(method, r, endpoint);
    }

    /** The exception for a POST that got no success: the JSON-RPC error, or the HTTP status. */
    public static McpClientException failure(String method, PostResult r, URI endpoint) {
        if (r.response() instanceof Response.Failure f) {
            return new ErrorResponseException(method, f.error(), r.status());
        }
        String text = r.text() == null || r.text().isBlank() ? "" : ": " + r.text();
        return new McpClientException(Kind.HTTP_STATUS, method + " to " + endpoint + " failed with HTTP " + r.status()
                + text, r.status(), null);
    }

    /**
     * Decodes a result object as {@code type}.
     *
     * @throws McpClientException {@link Kind#INVALID_RESPONSE} naming the member at fault
     */
    public static <T> T decode(String method, JsonObject result, Class<T> type, URI endpoint) {
        try {
            return Codec.decode(result, type, "result");
        } catch (McpException e) {
            throw new McpClientException(Kind.INVALID_RESPONSE, "Invalid response to " + method + " from " + endpoint
                    + ": " + e.getMessage(), 0, e);
        }
    }
}
