package dev.switchboard.protocol.elicitation;

import java.util.Objects;

/**
 * One choice of a titled enum: {@code {"const": value, "title": title}} on the wire.
 *
 * @param value the submitted value; required
 * @param title the label shown; required
 */
public record EnumOption(String value, String title) {
    /** Validates the required members. */
    public EnumOption {
        Objects.requireNonNull(value, "const");
        Objects.requireNonNull(title, "title");
    }
}
