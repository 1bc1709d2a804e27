package dev.switchboard.gateway.internal;

import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.mrtr.InputRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What gateway instances tell each other about a {@link ParkedCall} held by one of them, over the
 * event bus on the topic of the instance addressed ({@link #topic}). A retry that reaches another
 * instance ({@link Answer}, {@link Cancel}) goes to the owner; the owner confirms receipt at once
 * ({@link Received}) and sends its outcome of that round ({@link Reply}) back to the instance that
 * asked.
 *
 * <p>The encoding is small and explicit: a discriminator {@code t}, short member names, and
 * protocol values (answers, results, input requests) in the protocol's own {@link Codec}
 * encoding. Only gateway instances of one deployment publish here, so a malformed message is a
 * bug (or a version skew) and {@link #of} rejects it rather than guessing.
 */
sealed interface ParkedMessage {

    /** The topic of gateway instance {@code instance}. */
    static String topic(String instance) {
        return "gateway.parked." + instance;
    }

    /** This message as a bus event. */
    JsonObject toJson();

    /**
     * A retry for parked call {@code id} reached another instance: the client's answers by key
     * (those the retry carried of the keys asked in input round {@code round}; none, so the owner
     * asks again). The owner replies on {@code replyTo}'s topic under {@code exchange}.
     */
    record Answer(String exchange, String replyTo, String id, List<String> keys, int round, JsonObject answers)
            implements ParkedMessage {
        /** Checks the required members. */
        public Answer {
            Objects.requireNonNull(exchange, "exchange");
            Objects.requireNonNull(replyTo, "replyTo");
            Objects.requireNonNull(id, "id");
            keys = List.copyOf(keys);
            answers = answers == null ? JsonObject.EMPTY : answers;
        }

        @Override
        public JsonObject toJson() {
            return JsonObject.builder().put("t", "answer").put("x", exchange).put("r", replyTo).put("p", id)
                    .put("k", JsonArray.ofStrings(keys)).put("n", round).put("a", answers).build();
        }
    }

    /**
     * The holder got the {@link Answer} of {@code exchange} and is running its round: sent before the
     * round, which may take as long as the upstream does, so the instance that asked learns at
     * once that the holder is there.
     */
    record Received(String exchange) implements ParkedMessage {
        /** Checks the required member. */
        public Received {
            Objects.requireNonNull(exchange, "exchange");
        }

        @Override
        public JsonObject toJson() {
            return JsonObject.builder().put("t", "received").put("x", exchange).build();
        }
    }

    /** The client of a routed round gave up: end parked call {@code id}, as a local cancel would. */
    record Cancel(String id) implements ParkedMessage {
        /** Checks the required member. */
        public Cancel {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public JsonObject toJson() {
            return JsonObject.builder().put("t", "cancel").put("p", id).build();
        }
    }

    /** The owner's outcome of the round asked for under {@link #exchange()}. */
    sealed interface Reply extends ParkedMessage {
        String exchange();
    }

    /** The upstream call finished: its result, encoded. */
    record Done(String exchange, JsonObject result) implements Reply {
        /** Checks the required members. */
        public Done {
            Objects.requireNonNull(exchange, "exchange");
            Objects.requireNonNull(result, "result");
        }

        @Override
        public JsonObject toJson() {
            return JsonObject.builder().put("t", "done").put("x", exchange).put("v", result).build();
        }
    }

    /** The upstream asked again: the input requests to relay and the handler state naming the owner. */
    record Asked(String exchange, Map<String, InputRequest> requests, JsonObject state) implements Reply {
        /** Checks the required members. */
        public Asked {
            Objects.requireNonNull(exchange, "exchange");
            requests = Collections.unmodifiableMap(new LinkedHashMap<>(requests)); // keeps the upstream's order
            Objects.requireNonNull(state, "state");
        }

        @Override
        public JsonObject toJson() {
            JsonObject.Builder q = JsonObject.builder();
            requests.forEach((k, v) -> q.put(k, Codec.encode(v)));
            return JsonObject.builder().put("t", "asked").put("x", exchange).put("q", q.build()).put("s", state).build();
        }
    }

    /**
     * The holder has no parked call waiting under that id (answered, cancelled, timed out, or the
     * holder restarted under the same id); the instance that asked reports it as a local retry would.
     */
    record NotWaiting(String exchange) implements Reply {
        /** Checks the required member. */
        public NotWaiting {
            Objects.requireNonNull(exchange, "exchange");
        }

        @Override
        public JsonObject toJson() {
            return JsonObject.builder().put("t", "not-waiting").put("x", exchange).build();
        }
    }

    /** The round failed: the JSON-RPC error the owner would have answered with. */
    record Failed(String exchange, int code, String message, Json data) implements Reply {
        /** Checks the required members. */
        public Failed {
            Objects.requireNonNull(exchange, "exchange");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public JsonObject toJson() {
            return JsonObject.builder().put("t", "failed").put("x", exchange).put("c", code).put("m", message)
                    .put("d", data).build();
        }
    }

    /**
     * Reads a bus event.
     *
     * @throws IllegalArgumentException when it is not a message of this kind (names what is wrong)
     */
    static ParkedMessage of(JsonObject json) {
        String t = json.getString("t");
        if (t == null) {
            throw new IllegalArgumentException("no message type \"t\" in " + json);
        }
        try {
            return switch (t) {
                case "answer" -> new Answer(json.getString("x"), json.getString("r"), json.getString("p"),
                        strings(json, "k"), number(json, "n"), json.getObject("a"));
                case "cancel" -> new Cancel(json.getString("p"));
                case "received" -> new Received(json.getString("x"));
                case "done" -> new Done(json.getString("x"), json.getObject("v"));
                case "asked" -> new Asked(json.getString("x"), requests(json.getObject("q")), json.getObject("s"));
                case "not-waiting" -> new NotWaiting(json.getString("x"));
                case "failed" -> new Failed(json.getString("x"), number(json, "c"), json.getString("m"), json.get("d"));
                default -> throw new IllegalArgumentException("unknown message type \"" + t + "\"");
            };
        } catch (NullPointerException e) { // a required member is missing: the record names it
            throw new IllegalArgumentException("\"" + t + "\" message without " + e.getMessage() + ": " + json, e);
        }
    }

    private static int number(JsonObject json, String name) {
        if (!(json.get(name) instanceof JsonNumber n)) {
            throw new IllegalArgumentException("member \"" + name + "\" is not a number in " + json);
        }
        return (int) n.longValue();
    }

    private static List<String> strings(JsonObject json, String name) {
        if (!(json.get(name) instanceof JsonArray a)) {
            throw new IllegalArgumentException("member \"" + name + "\" is not an array in " + json);
        }
        List<String> out = new ArrayList<>();
        for (Json v : a.values()) {
            if (!(v instanceof JsonString s)) {
                throw new IllegalArgumentException("member \"" + name + "\" holds a non-string in " + json);
            }
            out.add(s.value());
        }
        return out;
    }

    private static Map<String, InputRequest> requests(JsonObject q) {
        Objects.requireNonNull(q, "requests");
        Map<String, InputRequest> out = new LinkedHashMap<>();
        q.members().forEach((k, v) -> out.put(k, Codec.decode(v, InputRequest.class, "q." + k)));
        return out;
    }
}
