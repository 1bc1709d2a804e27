package dev.switchboard.protocol.jsonrpc;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/** A JSON-RPC response: a result or an error. */
public sealed interface Response extends Message permits Response.Success, Response.Failure {

    /** The id of the request answered; {@code null} only on an error to an unreadable request. */
    RequestId id();

    /** A successful response. */
    record Success(RequestId id, JsonObject result) implements Response {
        /** Validates the required members. */
        public Success {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(result, "result");
        }
    }

    /** An error response; {@code id} is null when the request's id could not be read. */
    record Failure(RequestId id, JsonRpcError error) implements Response {
        /** Validates the required members. */
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }
}
