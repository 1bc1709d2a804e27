package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.roots.ListRootsRequest;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.roots.Root;

/** {@code roots/list}: roots, request and result. */
final class RootsCodec {
    private RootsCodec() {
    }

    static Root decodeRoot(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new Root(f.string("uri"), f.optString("name"), f.meta());
    }

    static JsonObject encode(Root r) {
        return JsonObject.builder().put("uri", r.uri()).put("name", r.name()).put(Shared.META, r.meta()).build();
    }

    static ListRootsRequest decodeListRootsRequest(Json json, String path) {
        return new ListRootsRequest(Fields.of(json, path).meta());
    }

    static JsonObject encode(ListRootsRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).build();
    }

    /** An input response: no {@code resultType} is read or written. */
    static ListRootsResult decodeListRootsResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ListRootsResult(f.list("roots", RootsCodec::decodeRoot), f.meta());
    }

    static JsonObject encode(ListRootsResult r) {
        return JsonObject.builder().put("roots", Shared.array(r.roots(), RootsCodec::encode))
                .put(Shared.META, r.meta()).build();
    }
}
