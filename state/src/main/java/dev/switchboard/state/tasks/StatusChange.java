package dev.switchboard.state.tasks;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a task's status history: the status it entered, when, and the status message given
 * with it (may be null).
 *
 * @param status  the status entered
 * @param at      when (backend clock, millisecond precision)
 * @param message the status message set with the change, or null
 */
public record StatusChange(TaskStatus status, Instant at, String message) {
    /** Checks the status and instant are present. */
    public StatusChange {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }
}
