package dev.switchboard.registry.api;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.seal.SealException;
import dev.switchboard.state.seal.Sealer;

import java.time.Duration;

/**
 * Listing cursors: where the last page ended and which filters it was for, sealed so a client can
 * neither forge a position nor reuse a cursor with other filters. Any instance sharing the key ring
 * can continue a listing another started.
 */
final class Cursors {
    private static final String PURPOSE = "registry-cursor";
    /** Long enough to page through a large registry slowly; short enough that old cursors die. */
    static final Duration TTL = Duration.ofHours(24);

    private final Sealer sealer;

    Cursors(Sealer sealer) {
        this.sealer = sealer;
    }

    /** The position after {@code name@version} in the listing with {@code filters}. */
    record Position(String name, String version) {
    }

    String seal(Position after, String filters) {
        return sealer.seal(PURPOSE, "", TTL, JsonObject.of("n", Json.of(after.name()), "v", Json.of(after.version()),
                "f", Json.of(filters)));
    }

    /**
     * Opens {@code cursor} for a listing with {@code filters}.
     *
     * @throws IllegalArgumentException with a message for the client when it is not a cursor we issued
     *                                  for these filters (forged, damaged, expired, or for other filters)
     */
    Position open(String cursor, String filters) {
        JsonObject payload;
        try {
            payload = sealer.open(PURPOSE, "", cursor);
        } catch (SealException e) {
            throw new IllegalArgumentException("invalid cursor: it is not one this registry issued, or it has expired ("
                    + e.getMessage() + "); start again without a cursor");
        }
        if (!filters.equals(payload.getString("f"))) {
            throw new IllegalArgumentException("invalid cursor: it continues a listing with other filters; "
                    + "use the same search, updated_since, version and include_deleted, or start again without a cursor");
        }
        return new Position(payload.getString("n"), payload.getString("v"));
    }
}
