package dev.switchboard.registry.entry;

import java.util.Objects;

/**
 * Where an entry came from.
 *
 * @param source     the configured source that produced it, e.g. {@code files:servers/} or
 *                   {@code catalog:https://example.com/.well-known/ai-catalog.json}
 * @param location   the file or URL the document itself was read from
 * @param precedence how much the source is trusted when two sources give the same name
 */
public record Provenance(String source, String location, Precedence precedence) {
    public Provenance {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(precedence, "precedence");
    }

    @Override
    public String toString() {
        return source.equals(location) ? source : source + " (" + location + ")";
    }
}
