package dev.switchboard.registry.entry;

import java.time.Instant;
import java.util.Objects;

/**
 * What the registry says about a version, served under
 * {@code _meta["io.modelcontextprotocol.registry/official"]}.
 *
 * @param status          its lifecycle status
 * @param statusMessage   why it has that status (e.g. where to upgrade), or null
 * @param publishedAt     when this version first entered the registry
 * @param updatedAt       when this entry last changed
 * @param isLatest        whether it is the newest version of its server
 */
public record Official(Status status, String statusMessage, Instant publishedAt, Instant updatedAt, boolean isLatest) {
    /** The key the official registry serves this under. */
    public static final String META_KEY = "io.modelcontextprotocol.registry/official";

    public Official {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** This with {@code isLatest} set to {@code latest}. */
    public Official withLatest(boolean latest) {
        return new Official(status, statusMessage, publishedAt, updatedAt, latest);
    }
}
