package dev.switchboard.registry.entry;

import java.util.Objects;

/**
 * One version of one server, as the registry holds it: the publisher's {@code server.json}, the
 * registry's own metadata about it, where it came from, and what its card adds.
 *
 * @param server     the validated {@code server.json}
 * @param official   the registry's metadata (status, timestamps, latest)
 * @param provenance the source and document it came from
 * @param card       facts from its Server Card, {@link CardFacts#NONE} when there is none
 * @param lastError  why the last refresh of this entry from its source failed, or null when it did
 *                   not; the entry keeps serving its last good document meanwhile
 */
public record Entry(ServerJson server, Official official, Provenance provenance, CardFacts card, String lastError) {
    public Entry {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(official, "official");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(card, "card");
    }

    /** The server's name, e.g. {@code io.github.alice/weather}. */
    public String name() {
        return server.name();
    }

    /** This version, e.g. {@code 1.0.2}. */
    public String version() {
        return server.version();
    }

    /** This entry with different registry metadata. */
    public Entry with(Official official) {
        return new Entry(server, official, provenance, card, lastError);
    }

    /** This entry with {@code lastError} recorded (null clears it). */
    public Entry withLastError(String error) {
        return new Entry(server, official, provenance, card, error);
    }
}
