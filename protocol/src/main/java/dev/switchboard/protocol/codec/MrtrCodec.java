package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.roots.ListRootsRequest;

/** MRTR: input requests (discriminated by {@code method}) and the {@code input_required} result. */
final class MrtrCodec {
    private MrtrCodec() {
    }

    static InputRequest decodeInputRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        String method = f.string("method");
        return switch (method) {
            case Methods.ELICITATION_CREATE ->
                    new InputRequest.Elicitation(f.required("params", ElicitationCodec::decodeElicitRequest));
            case Methods.SAMPLING_CREATE_MESSAGE ->
                    new InputRequest.Sampling(f.required("params", SamplingCodec::decodeCreateMessageRequest));
            case Methods.ROOTS_LIST -> new InputRequest.RootsListing(f.opt("params", RootsCodec::decodeListRootsRequest));
            default -> new InputRequest.Unknown(method, f.optObject("params"));
        };
    }

    static JsonObject encode(InputRequest request) {
        JsonObject params = switch (request) {
            case InputRequest.Elicitation e -> ElicitationCodec.encode(e.request());
            case InputRequest.Sampling s -> SamplingCodec.encode(s.request());
            case InputRequest.RootsListing r -> emptyToNull(RootsCodec.encode(r.request()));
            case InputRequest.Unknown u -> u.params();
            default -> throw new IllegalArgumentException("no codec for input request " + request.getClass().getName());
        };
        return JsonObject.builder().put("method", request.method()).put("params", params).build();
    }

    /** {@code roots/list} params are optional; write none rather than {@code {}}. */
    private static JsonObject emptyToNull(JsonObject o) {
        return o.isEmpty() ? null : o;
    }

    static InputRequiredResult decodeInputRequiredResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        String rt = f.string(Shared.RESULT_TYPE);
        if (!Shared.INPUT_REQUIRED.equals(rt)) {
            throw new DecodeException(f.path(Shared.RESULT_TYPE), "expected \"input_required\", got \"" + rt + "\"");
        }
        var requests = f.optMap("inputRequests", MrtrCodec::decodeInputRequest);
        String state = f.optString("requestState");
        if (requests == null && state == null) {
            throw new DecodeException(path, "at least one of inputRequests and requestState is required");
        }
        return new InputRequiredResult(requests, state, f.meta());
    }

    static JsonObject encode(InputRequiredResult r) {
        return JsonObject.builder().put(Shared.RESULT_TYPE, Shared.INPUT_REQUIRED)
                .put("inputRequests", Shared.object(r.inputRequests(), MrtrCodec::encode))
                .put("requestState", r.requestState()).put(Shared.META, r.meta()).build();
    }
}
