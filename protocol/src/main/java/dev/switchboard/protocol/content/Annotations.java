package dev.switchboard.protocol.content;

import dev.switchboard.protocol.internal.Copies;

import java.util.List;

/**
 * Hints about how a client should use an object; all members optional.
 *
 * @param audience     who the object is for, or null
 * @param priority     importance from 0 (optional) to 1 (required), or null
 * @param lastModified ISO 8601 timestamp, or null
 */
public record Annotations(List<Role> audience, Double priority, String lastModified) {
    /** Copies the audience list. */
    public Annotations {
        audience = Copies.list(audience, "audience");
    }

    /** Annotations naming only an audience. */
    public static Annotations audience(Role... audience) {
        return new Annotations(List.of(audience), null, null);
    }
}
