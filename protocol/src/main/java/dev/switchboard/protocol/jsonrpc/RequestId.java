package dev.switchboard.protocol.jsonrpc;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonString;

import java.util.Objects;

/**
 * A JSON-RPC request id: a string or an integer. The JSON type is kept, because the spec echoes
 * ids with the same type (a listen stream's {@code subscriptionId} is its request id).
 */
public sealed interface RequestId {

    /** A string id. */
    static RequestId of(String value) {
        return new Text(value);
    }

    /** An integer id. */
    static RequestId of(long value) {
        return new Number(value);
    }

    /**
     * Reads an id from JSON; returns {@code null} when {@code json} is neither a string nor an
     * integer (the caller decides whether that is an error).
     */
    static RequestId fromJson(Json json) {
        if (json instanceof JsonString s) {
            return new Text(s.value());
        }
        if (json instanceof JsonNumber n && n.fitsLong()) {
            return new Number(n.longValue());
        }
        return null;
    }

    /** The id as JSON, with its original type. */
    Json toJson();

    /** A string id. */
    record Text(String value) implements RequestId {
        /** Creates a string id. */
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Json toJson() {
            return new JsonString(value);
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }

    /** An integer id. */
    record Number(long value) implements RequestId {
        @Override
        public Json toJson() {
            return JsonNumber.of(value);
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }
}
