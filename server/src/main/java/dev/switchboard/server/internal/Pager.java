package dev.switchboard.server.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.state.seal.SealException;
import dev.switchboard.state.seal.Sealer;

import java.time.Duration;
import java.util.List;

/**
 * Cuts lists into pages behind sealed cursors: a cursor names the list it belongs to and the
 * offset, is bound to the principal and expires, so it cannot be forged, replayed on another list
 * or handed to another caller.
 */
public final class Pager {
    private static final String PURPOSE = "mcp.cursor";
    private static final Duration TTL = Duration.ofHours(1);

    private final Sealer sealer;
    private final int pageSize;

    /** A pager with {@code pageSize} items per page. */
    public Pager(Sealer sealer, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.sealer = sealer;
        this.pageSize = pageSize;
    }

    /** One page and the cursor of the next (null on the last page). */
    public record Page<T>(List<T> items, String nextCursor) {
    }

    /**
     * The page of {@code all} that {@code params.cursor} points at (the first without a cursor).
     *
     * @throws McpException -32602 for an invalid, expired or foreign cursor
     */
    public <T> Page<T> page(String list, List<T> all, JsonObject params, String principal) {
        int offset = 0;
        Json cursor = params.get("cursor");
        if (cursor != null && !cursor.isNull()) {
            if (!(cursor instanceof JsonString s)) {
                throw McpException.invalidParams("params.cursor must be a string");
            }
            offset = open(list, s.value(), principal);
        }
        int end = Math.min(all.size(), offset + pageSize);
        List<T> items = offset >= all.size() ? List.of() : all.subList(offset, end);
        String next = end < all.size()
                ? sealer.seal(PURPOSE, principal, TTL, JsonObject.of("l", Json.of(list), "o", Json.of(end)))
                : null;
        return new Page<>(List.copyOf(items), next);
    }

    private int open(String list, String cursor, String principal) {
        JsonObject payload;
        try {
            payload = sealer.open(PURPOSE, principal, cursor);
        } catch (SealException e) {
            throw McpException.invalidParams("Invalid cursor: " + e.getMessage() + ". List again from the start.");
        }
        if (!list.equals(payload.getString("l")) || !(payload.get("o") instanceof JsonNumber o) || !o.fitsLong()) {
            throw McpException.invalidParams("Invalid cursor: it belongs to another list. List again from the start.");
        }
        return (int) o.longValue();
    }
}
