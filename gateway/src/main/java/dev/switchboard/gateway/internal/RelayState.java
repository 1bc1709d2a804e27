package dev.switchboard.gateway.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a forwarded request that asked for input stands, kept in the handler state that the
 * server seals into its own {@code requestState} (so a client can neither read nor forge it).
 * Each variant counts the input rounds taken so far.
 */
sealed interface RelayState {

    /** Input rounds taken so far (0 before the first answer). */
    int round();

    /** The state as handler state. */
    JsonObject toJson();

    /** The first round: nothing asked yet. */
    record Fresh() implements RelayState {
        @Override
        public int round() {
            return 0;
        }

        @Override
        public JsonObject toJson() {
            return JsonObject.EMPTY;
        }
    }

    /**
     * A 2026-07-28 upstream answered {@code input_required}: its {@code requestState} (may be
     * null), echoed back on the retry with the client's answers.
     */
    record Retry(String upstreamState, int round) implements RelayState {
        @Override
        public JsonObject toJson() {
            JsonObject.Builder b = JsonObject.builder().put("n", round);
            if (upstreamState != null) {
                b.put("u", upstreamState);
            }
            return b.build();
        }
    }

    /**
     * A session-era upstream sent server-to-client requests: the call is in flight, parked on
     * gateway instance {@code instance} under {@code id}, waiting for the answers to {@code keys}.
     */
    record Parked(String instance, String id, List<String> keys, int round, boolean confirms) implements RelayState {
        /** Checks the required members. */
        public Parked {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(id, "id");
            keys = List.copyOf(keys);
        }

        @Override
        public JsonObject toJson() {
            JsonObject.Builder b = JsonObject.builder().put("n", round).put("i", instance).put("p", id)
                    .put("k", JsonArray.ofStrings(keys));
            return confirms ? b.put("a", true).build() : b.build();
        }
    }

    /**
     * Reads handler state back (null: the first round). The server only hands back state it
     * sealed itself, so a malformed one is a bug, reported as such.
     */
    static RelayState of(JsonObject state) {
        if (state == null || state.isEmpty()) {
            return new Fresh();
        }
        if (!(state.get("n") instanceof JsonNumber n)) {
            throw new McpException(dev.switchboard.protocol.jsonrpc.ErrorCode.INTERNAL_ERROR,
                    "The gateway's requestState has no round count: " + state);
        }
        int round = (int) n.longValue();
        if (state.has("p")) {
            List<String> keys = new ArrayList<>();
            ((JsonArray) state.get("k")).values().forEach(k -> keys.add(k.asString()));
            return new Parked(state.getString("i"), state.getString("p"), keys, round,
                    state.get("a") instanceof dev.switchboard.protocol.json.JsonBoolean a && a.value());
        }
        Json u = state.get("u");
        return new Retry(u == null || u.isNull() ? null : u.asString(), round);
    }
}
