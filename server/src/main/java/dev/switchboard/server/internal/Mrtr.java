package dev.switchboard.server.internal;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.DecodeException;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.server.InputResponses;
import dev.switchboard.server.Outcome;
import dev.switchboard.state.seal.SealException;
import dev.switchboard.state.seal.Sealer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multi round-trip requests: seals the handler's state into {@code requestState} (bound to the
 * principal, the method and a digest of the params, with a short expiry), and on the retry opens
 * it and checks the client's {@code inputResponses} against what was asked.
 */
public final class Mrtr {
    static final String PURPOSE = "mcp.requestState";
    private static final int MAX_STATE_CHARS = 64 * 1024;

    private final Sealer sealer;
    private final Duration ttl;

    /** MRTR over {@code sealer}; state lives for {@code ttl}. */
    public Mrtr(Sealer sealer, Duration ttl) {
        this.sealer = sealer;
        this.ttl = ttl;
    }

    /** What a retry carries back: the handler's state and the checked answers. */
    public record Round(JsonObject state, InputResponses responses) {
        static final Round FIRST = new Round(null, InputResponses.NONE);
    }

    /**
     * Reads {@code requestState} and {@code inputResponses} from a request's params.
     *
     * @throws McpException -32602 for tampered, expired, foreign or mismatched state, or a
     *                      malformed answer
     */
    public Round open(String method, JsonObject params, String principal) {
        Json rawState = params.get("requestState");
        Json rawResponses = params.get("inputResponses");
        if (rawState == null && rawResponses == null) {
            return Round.FIRST;
        }
        Map<String, String> asked = null; // null: no state, so nothing says what was asked
        JsonObject state = null;
        if (rawState != null && !rawState.isNull()) {
            if (!(rawState instanceof JsonString s)) {
                throw McpException.invalidParams("params.requestState must be a string");
            }
            if (s.value().length() > MAX_STATE_CHARS) {
                throw McpException.invalidParams("params.requestState is too large");
            }
            JsonObject payload;
            try {
                payload = sealer.open(PURPOSE, principal, s.value());
            } catch (SealException e) {
                throw new McpException(ErrorCode.INVALID_PARAMS, "Invalid requestState: " + e.getMessage()
                        + ". Start the request again without requestState.");
            }
            if (!method.equals(payload.getString("m")) || !ParamsDigest.of(method, params).equals(payload.getString("h"))) {
                throw new McpException(ErrorCode.INVALID_PARAMS,
                        "Invalid requestState: it was issued for a different request (method or params differ)");
            }
            state = payload.getObject("s");
            JsonObject keys = payload.getObject("k");
            Map<String, String> a = new LinkedHashMap<>();
            if (keys != null) {
                keys.members().forEach((k, v) -> a.put(k, v.asString()));
            }
            asked = a; // a round that asked nothing (retryWith) has no answers to take
        }
        return new Round(state, responses(rawResponses, asked));
    }

    /**
     * Checks and decodes answers: each key's value as the kind {@code asked} says that key asked
     * for (or, when {@code asked} is null, the kind its shape shows); keys never asked are dropped.
     *
     * @throws McpException -32602 naming the malformed answer
     */
    static InputResponses responses(Json raw, Map<String, String> asked) {
        if (raw == null || raw.isNull()) {
            return InputResponses.NONE;
        }
        if (!(raw instanceof JsonObject answers)) {
            throw McpException.invalidParams("params.inputResponses must be an object keyed by input request key");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : answers.members().entrySet()) {
            String key = e.getKey();
            String method = asked == null ? guessMethod(e.getValue()) : asked.get(key);
            if (method == null) {
                continue; // never asked (or unrecognisable without state): ignored, as the spec says
            }
            String path = "params.inputResponses." + key;
            out.put(key, switch (method) {
                case Methods.ELICITATION_CREATE -> decode(e.getValue(), ElicitResult.class, path);
                case Methods.SAMPLING_CREATE_MESSAGE -> decode(e.getValue(), CreateMessageResult.class, path);
                case Methods.ROOTS_LIST -> decode(e.getValue(), ListRootsResult.class, path);
                default -> throw McpException.invalidParams(path + ": unexpected input method " + method);
            });
        }
        return new InputResponses(out);
    }

    private static <T> T decode(Json value, Class<T> type, String path) {
        try {
            return Codec.decode(value, type);
        } catch (DecodeException e) {
            throw McpException.invalidParams(path + " is not a valid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String guessMethod(Json value) {
        if (!(value instanceof JsonObject o)) {
            return null;
        }
        if (o.has("action")) {
            return Methods.ELICITATION_CREATE;
        }
        if (o.has("roots")) {
            return Methods.ROOTS_LIST;
        }
        if (o.has("model") || o.has("role")) {
            return Methods.SAMPLING_CREATE_MESSAGE;
        }
        return null;
    }

    /**
     * Turns a handler's "input required" into the wire result, after checking the client declared
     * every capability the input requests need.
     *
     * @throws McpException -32021 naming the missing capabilities
     */
    public InputRequiredResult toResult(Outcome.InputRequired<?> outcome, String method, JsonObject params,
                                        String principal, ClientCapabilities capabilities) {
        requireCapabilities(outcome.requests(), capabilities);
        JsonObject.Builder keys = JsonObject.builder();
        outcome.requests().forEach((k, r) -> keys.put(k, r.method()));
        JsonObject payload = JsonObject.builder()
                .put("m", method)
                .put("h", ParamsDigest.of(method, params))
                .put("s", outcome.state())
                .put("k", keys.build())
                .build();
        String state = sealer.seal(PURPOSE, principal, ttl, payload);
        return new InputRequiredResult(outcome.requests().isEmpty() ? null : outcome.requests(), state, null);
    }

    /** Throws -32021 unless {@code capabilities} cover every request. */
    public static void requireCapabilities(Map<String, InputRequest> requests, ClientCapabilities capabilities) {
        Map<String, JsonObject> missing = new LinkedHashMap<>();
        for (InputRequest r : requests.values()) {
            if (r.allowedBy(capabilities)) {
                continue;
            }
            switch (r) {
                case InputRequest.Elicitation e -> need(missing, "elicitation", e.request().isUrl() ? "url" : "form");
                case InputRequest.Sampling s -> need(missing, "sampling",
                        s.request().tools() == null && s.request().toolChoice() == null ? null : "tools");
                case InputRequest.RootsListing l -> need(missing, "roots", null);
                default -> throw new IllegalStateException("a handler asked for unsupported input " + r.method());
            }
        }
        JsonObject m = JsonObject.copyOf(missing);
        if (!m.isEmpty()) {
            throw new McpException(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY,
                    "This request needs client capabilities that were not declared: " + String.join(", ", m.members().keySet())
                            + ". Declare them (in _meta[\"io.modelcontextprotocol/clientCapabilities\"] on 2026-07-28, "
                            + "in initialize for a session) and retry.",
                    JsonObject.of("requiredCapabilities", m));
        }
    }

    /** Adds {@code capability} (and its sub-capability {@code member}, if any) to {@code missing}, merging. */
    private static void need(Map<String, JsonObject> missing, String capability, String member) {
        JsonObject current = missing.getOrDefault(capability, JsonObject.EMPTY);
        missing.put(capability, member == null ? current : current.with(member, JsonObject.EMPTY));
    }
}
