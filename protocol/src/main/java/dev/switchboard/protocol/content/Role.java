package dev.switchboard.protocol.content;

/** The speaker of a message, and the audience of an annotation. */
public enum Role {
    /** The human side. */
    USER("user"),
    /** The model side. */
    ASSISTANT("assistant");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The wire spelling, e.g. {@code "user"}. */
    public String wire() {
        return wire;
    }

    /** The role spelled {@code wire}, or null for anything else. */
    public static Role fromWire(String wire) {
        for (Role r : values()) {
            if (r.wire.equals(wire)) {
                return r;
            }
        }
        return null;
    }
}
