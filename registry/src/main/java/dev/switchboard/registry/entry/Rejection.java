package dev.switchboard.registry.entry;

import java.time.Instant;
import java.util.Objects;

/**
 * A document the registry refused, kept so its publisher or operator can see why: malformed JSON,
 * a schema violation, a bad name, a source that lost a name to a source of higher precedence, or a
 * fetch that failed.
 *
 * @param provenance where it came from
 * @param name       the server name it claimed, or null when it could not be read
 * @param version    the version it claimed, or null
 * @param reason     what is wrong, for a person
 * @param at         when it was refused
 */
public record Rejection(Provenance provenance, String name, String version, String reason, Instant at) {
    public Rejection {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return provenance + (name == null ? "" : " " + name + (version == null ? "" : "@" + version)) + ": " + reason;
    }
}
