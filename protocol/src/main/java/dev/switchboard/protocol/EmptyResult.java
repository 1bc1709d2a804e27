package dev.switchboard.protocol;

import dev.switchboard.protocol.json.JsonObject;

/**
 * A result with no content ({@code EmptyResult}): on the wire {@code {"resultType":"complete"}}
 * plus an optional {@code _meta}. Session-era acknowledgements ({@code ping},
 * {@code logging/setLevel}, {@code resources/subscribe}) use it too.
 *
 * @param meta the result's {@code _meta}, or null
 */
public record EmptyResult(JsonObject meta) {
    /** The empty result without {@code _meta}. */
    public static final EmptyResult EMPTY = new EmptyResult(null);

    /** The empty result without {@code _meta}. */
    public static EmptyResult of() {
        return EMPTY;
    }
}
