package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.EmptyResult;
import dev.switchboard.protocol.PaginatedRequest;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

/** The generic shapes: {@code EmptyResult} and {@code PaginatedRequestParams}. */
final class BasicCodec {
    private BasicCodec() {
    }

    static EmptyResult decodeEmptyResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new EmptyResult(f.meta());
    }

    static JsonObject encode(EmptyResult r) {
        return Shared.completeResult().put(Shared.META, r.meta()).build();
    }

    static PaginatedRequest decodePaginatedRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new PaginatedRequest(f.optString("cursor"), f.meta());
    }

    static JsonObject encode(PaginatedRequest r) {
        return Shared.paginated(r.cursor(), r.meta());
    }
}
