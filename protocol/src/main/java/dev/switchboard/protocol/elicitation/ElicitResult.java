package dev.switchboard.protocol.elicitation;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * The client's answer to an {@link ElicitRequest}: in 2026-07-28 a value of
 * {@code inputResponses}, which carries no {@code resultType}.
 *
 * @param action  what the user did; required
 * @param content the submitted form values (accept in form mode only), or null
 * @param meta    {@code _meta}, or null
 */
public record ElicitResult(Action action, JsonObject content, JsonObject meta) {
    /** Validates the required members. */
    public ElicitResult {
        Objects.requireNonNull(action, "action");
    }

    /** The user submitted {@code content}. */
    public static ElicitResult accept(JsonObject content) {
        return new ElicitResult(Action.ACCEPT, content, null);
    }

    /** The user declined. */
    public static ElicitResult decline() {
        return new ElicitResult(Action.DECLINE, null, null);
    }

    /** The user dismissed the request without choosing. */
    public static ElicitResult cancel() {
        return new ElicitResult(Action.CANCEL, null, null);
    }

    /** What the user did. */
    public enum Action {
        /** Submitted or confirmed. */
        ACCEPT("accept"),
        /** Explicitly declined. */
        DECLINE("decline"),
        /** Dismissed without an explicit choice. */
        CANCEL("cancel");

        private final String wire;

        Action(String wire) {
            this.wire = wire;
        }

        /** The wire spelling. */
        public String wire() {
            return wire;
        }

        /** The action spelled {@code wire}, or null. */
        public static Action fromWire(String wire) {
            for (Action a : values()) {
                if (a.wire.equals(wire)) {
                    return a;
                }
            }
            return null;
        }
    }
}
