package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.completion.PromptReference;
import dev.switchboard.protocol.completion.Reference;
import dev.switchboard.protocol.completion.ResourceTemplateReference;
import dev.switchboard.protocol.completion.UnknownReference;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

/** {@code completion/complete}: references (discriminated by {@code type}), request and result. */
final class CompletionCodec {
    private CompletionCodec() {
    }

    static Reference decodeReference(Json json, String path) {
        Fields f = Fields.of(json, path);
        return switch (f.string("type")) {
            case "ref/prompt" -> new PromptReference(f.string("name"), f.optString("title"));
            case "ref/resource" -> new ResourceTemplateReference(f.string("uri"));
            default -> new UnknownReference(f.object());
        };
    }

    static JsonObject encode(Reference ref) {
        return switch (ref) {
            case PromptReference p -> JsonObject.builder().put("type", "ref/prompt").put("name", p.name())
                    .put("title", p.title()).build();
            case ResourceTemplateReference r -> JsonObject.builder().put("type", "ref/resource")
                    .put("uri", r.uri()).build();
            case UnknownReference u -> u.raw();
            default -> throw new IllegalArgumentException("no codec for reference " + ref.getClass().getName());
        };
    }

    static CompleteRequest decodeCompleteRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new CompleteRequest(f.required("ref", CompletionCodec::decodeReference),
                f.required("argument", CompletionCodec::decodeArgument),
                f.opt("context", CompletionCodec::decodeContext), f.meta());
    }

    static JsonObject encode(CompleteRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).put("ref", encode(r.ref()))
                .put("argument", encode(r.argument()))
                .put("context", r.context() == null ? null : encode(r.context())).build();
    }

    static CompleteRequest.Argument decodeArgument(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new CompleteRequest.Argument(f.string("name"), f.string("value"));
    }

    static JsonObject encode(CompleteRequest.Argument a) {
        return JsonObject.builder().put("name", a.name()).put("value", a.value()).build();
    }

    static CompleteRequest.Context decodeContext(Json json, String path) {
        return new CompleteRequest.Context(Shared.optStringMap(Fields.of(json, path), "arguments"));
    }

    static JsonObject encode(CompleteRequest.Context c) {
        return JsonObject.builder().put("arguments", Shared.stringObject(c.arguments())).build();
    }

    static CompleteResult decodeCompleteResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new CompleteResult(f.required("completion", CompletionCodec::decodeCompletion), f.meta());
    }

    static JsonObject encode(CompleteResult r) {
        return Shared.completeResult().put("completion", encode(r.completion())).put(Shared.META, r.meta()).build();
    }

    static CompleteResult.Completion decodeCompletion(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new CompleteResult.Completion(f.list("values", Fields::asString), Shared.optInt(f, "total"),
                f.optBoolean("hasMore"));
    }

    static JsonObject encode(CompleteResult.Completion c) {
        return JsonObject.builder().put("values", Shared.strings(c.values())).put("total", c.total())
                .put("hasMore", c.hasMore()).build();
    }
}
