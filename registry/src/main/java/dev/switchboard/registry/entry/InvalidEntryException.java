package dev.switchboard.registry.entry;

import java.util.List;

/**
 * A {@code server.json} the registry refuses. The message lists every problem, each naming the
 * field at fault, e.g. {@code /description: must be at most 100 characters long}.
 */
public final class InvalidEntryException extends IllegalArgumentException {
    private final List<String> problems;

    /** A refusal for {@code problems}, one per field at fault. */
    public InvalidEntryException(List<String> problems) {
        super("invalid server.json: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** What is wrong, one entry per field at fault. */
    public List<String> problems() {
        return problems;
    }
}
