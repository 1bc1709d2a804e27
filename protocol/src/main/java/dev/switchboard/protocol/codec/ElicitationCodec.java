package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

/** {@code elicitation/create} (discriminated by {@code mode}) and its result. */
final class ElicitationCodec {
    private ElicitationCodec() {
    }

    static ElicitRequest decodeElicitRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        String mode = f.optString("mode");
        String message = f.string("message");
        if (mode == null || ElicitRequest.MODE_FORM.equals(mode)) {
            return new ElicitRequest(mode, message, f.object("requestedSchema"), null, f.meta());
        }
        if (ElicitRequest.MODE_URL.equals(mode)) {
            return new ElicitRequest(mode, message, null, f.string("url"), f.meta());
        }
        // A mode this build does not know: keep what we can read; the client will decline it.
        return new ElicitRequest(mode, message, f.optObject("requestedSchema"), f.optString("url"), f.meta());
    }

    static JsonObject encode(ElicitRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).put("mode", r.mode()).put("message", r.message())
                .put("requestedSchema", r.requestedSchema()).put("url", r.url()).build();
    }

    /** An input response: no {@code resultType} is read or written. */
    static ElicitResult decodeElicitResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        String action = f.string("action");
        ElicitResult.Action a = ElicitResult.Action.fromWire(action);
        if (a == null) {
            throw new DecodeException(f.path("action"),
                    "expected \"accept\", \"decline\" or \"cancel\", got \"" + action + "\"");
        }
        return new ElicitResult(a, f.optObject("content"), f.meta());
    }

    static JsonObject encode(ElicitResult r) {
        return JsonObject.builder().put("action", r.action().wire()).put("content", r.content())
                .put(Shared.META, r.meta()).build();
    }
}
