package dev.switchboard.registry.entry;

import java.util.Locale;

/** The lifecycle of a published version, as the official registry names it. */
public enum Status {
    /** Offered and maintained. */
    ACTIVE,
    /** Still listed, but its publisher asks users to move on ({@code statusMessage} says where). */
    DEPRECATED,
    /** Withdrawn: left out of listings unless deleted entries are asked for. */
    DELETED;

    /** The wire value, e.g. {@code active}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status named {@code wire}.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Status of(String wire) {
        for (Status s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("status must be one of active, deprecated, deleted; got \"" + wire + "\"");
    }
}
