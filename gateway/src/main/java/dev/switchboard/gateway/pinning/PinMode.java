package dev.switchboard.gateway.pinning;

import java.util.Locale;

/**
 * What a gateway does with an upstream tool whose definition is not the pinned one (changed since
 * it was pinned, or new since the upstream was first listed).
 */
public enum PinMode {
    /**
     * Hold it back until an operator accepts it: clients keep seeing the pinned definition of a
     * changed tool (calls still go to the upstream) and do not see a new tool. The default: a first
     * gateway run pins whatever it sees first, so nothing is held back until something changes.
     */
    BLOCK,
    /** Serve it anyway, flagged {@code "pin"} in {@code _meta["dev.switchboard/upstream"]}, and report it. */
    WARN,
    /** No pinning: every definition is served as listed and nothing is stored. */
    OFF;

    /** The mode named {@code block}, {@code warn} or {@code off} (any case). */
    public static PinMode parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "block" -> BLOCK;
            case "warn" -> WARN;
            case "off" -> OFF;
            default -> throw new IllegalArgumentException("pinning must be block, warn or off, got \"" + text + "\"");
        };
    }

    /** Its name as written in configuration ({@code block}, {@code warn}, {@code off}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
