package dev.switchboard.protocol.cards;

import java.util.Objects;

/**
 * Where the server's source lives.
 *
 * @param url       browsable and cloneable URL; required
 * @param source    hosting service, e.g. {@code github}; required
 * @param subfolder path of the server inside a monorepo, or null
 * @param id        the forge's stable repository id, or null
 */
public record Repository(String url, String source, String subfolder, String id) {
    /** Checks the required members. */
    public Repository {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(source, "source");
    }
}
