package dev.switchboard.server;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.mrtr.InputRequest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a handler returns: a complete result, or "input required" (MRTR) with the input requests
 * to put to the client and the state to be called back with.
 *
 * <p>Handlers never see eras: for a 2026-07-28 client the runtime returns an
 * {@code InputRequiredResult} with sealed {@code requestState}; for a session-era client it sends
 * the input requests as server-to-client requests and calls the handler again with the answers.
 *
 * @param <R> the result type of the method
 */
public sealed interface Outcome<R> permits Outcome.Complete, Outcome.InputRequired {

    /** A complete result. */
    static <R> Outcome<R> complete(R result) {
        return new Complete<>(result);
    }

    /** Ask the client for input; {@code state} comes back to the handler on the retry. */
    static <R> Outcome<R> inputRequired(Map<String, InputRequest> requests, JsonObject state) {
        return new InputRequired<>(requests, state);
    }

    /** Ask the client for one input. */
    static <R> Outcome<R> inputRequired(String key, InputRequest request, JsonObject state) {
        return new InputRequired<>(Map.of(key, request), state);
    }

    /** Ask the client to retry at once with {@code state} (no input requests), e.g. to shed load. */
    static <R> Outcome<R> retryWith(JsonObject state) {
        return new InputRequired<>(Map.of(), Objects.requireNonNull(state, "state"));
    }

    /** A complete result. */
    record Complete<R>(R result) implements Outcome<R> {
        /** Requires a result. */
        public Complete {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * Input required.
     *
     * @param requests input requests by key (keys unique within the request; may be empty when
     *                 {@code state} is given)
     * @param state    application state for the next round, sealed by the runtime; may be null
     */
    record InputRequired<R>(Map<String, InputRequest> requests, JsonObject state) implements Outcome<R> {
        /** Copies the requests and checks that there is something to send. */
        public InputRequired {
            requests = requests == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requests));
            if (requests.isEmpty() && state == null) {
                throw new IllegalArgumentException("input required needs input requests or state");
            }
        }
    }
}
