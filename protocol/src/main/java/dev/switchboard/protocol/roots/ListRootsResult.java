package dev.switchboard.protocol.roots;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;

/**
 * The client's roots: in 2026-07-28 a value of {@code inputResponses}, which carries no
 * {@code resultType}.
 *
 * @param roots the roots; required
 * @param meta  {@code _meta}, or null
 */
public record ListRootsResult(List<Root> roots, JsonObject meta) {
    /** Validates the required members. */
    public ListRootsResult {
        roots = Copies.requiredList(roots, "roots");
    }

    /** A result listing {@code roots}. */
    public static ListRootsResult of(Root... roots) {
        return new ListRootsResult(List.of(roots), null);
    }
}
