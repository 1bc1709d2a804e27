package dev.switchboard.protocol.discovery;

import dev.switchboard.protocol.schema.JsonSchema.Violation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A discovery document (Server Card or AI Catalog) that is not valid. The message names every
 * field at fault, e.g. {@code invalid Server Card: /name: does not match the regex pattern ...}.
 */
public final class InvalidDocumentException extends IllegalArgumentException {
    private final List<Violation> violations;

    /** A failure listing {@code violations} of a {@code document} (e.g. "Server Card"). */
    public InvalidDocumentException(String document, List<Violation> violations) {
        super("invalid " + document + ": " + violations.stream().map(Violation::toString)
                .collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    /** What is wrong, one entry per field at fault. */
    public List<Violation> violations() {
        return violations;
    }
}
