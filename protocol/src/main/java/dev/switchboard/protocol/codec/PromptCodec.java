package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.ListPromptsRequest;
import dev.switchboard.protocol.prompts.ListPromptsResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.prompts.PromptMessage;

import java.util.function.Function;

/** Prompts: definitions, {@code prompts/list} and {@code prompts/get}. */
final class PromptCodec {
    private PromptCodec() {
    }

    static Prompt decodePrompt(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new Prompt(f.string("name"), f.optString("title"), f.optString("description"),
                f.optList("arguments", PromptCodec::decodePromptArgument),
                f.optList("icons", LifecycleCodec::decodeIcon), f.meta());
    }

    static JsonObject encode(Prompt p) {
        return JsonObject.builder().put("name", p.name()).put("title", p.title())
                .put("description", p.description())
                .put("arguments", Shared.array(p.arguments(), PromptCodec::encode))
                .put("icons", Shared.array(p.icons(), LifecycleCodec::encode)).put(Shared.META, p.meta()).build();
    }

    static PromptArgument decodePromptArgument(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new PromptArgument(f.string("name"), f.optString("title"), f.optString("description"),
                f.optBoolean("required"));
    }

    static JsonObject encode(PromptArgument a) {
        return JsonObject.builder().put("name", a.name()).put("title", a.title())
                .put("description", a.description()).put("required", a.required()).build();
    }

    static ListPromptsRequest decodeListPromptsRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ListPromptsRequest(f.optString("cursor"), f.meta());
    }

    static JsonObject encode(ListPromptsRequest r) {
        return Shared.paginated(r.cursor(), r.meta());
    }

    static ListPromptsResult decodeListPromptsResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new ListPromptsResult(f.list("prompts", PromptCodec::decodePrompt), f.optString("nextCursor"),
                Shared.ttlMs(f), Shared.cacheScope(f), f.meta());
    }

    static JsonObject encode(ListPromptsResult r) {
        return Shared.page("prompts", Shared.array(r.prompts(), PromptCodec::encode), r.nextCursor(),
                r.ttlMs(), r.cacheScope(), r.meta());
    }

    static GetPromptRequest decodeGetPromptRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new GetPromptRequest(f.string("name"), Shared.optStringMap(f, "arguments"),
                Shared.optRawMap(f, "inputResponses"), f.optString("requestState"), f.meta());
    }

    static JsonObject encode(GetPromptRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).put("name", r.name())
                .put("arguments", Shared.stringObject(r.arguments()))
                .put("inputResponses", Shared.object(r.inputResponses(), Function.identity()))
                .put("requestState", r.requestState()).build();
    }

    static GetPromptResult decodeGetPromptResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new GetPromptResult(f.optString("description"), f.list("messages", PromptCodec::decodePromptMessage),
                f.meta());
    }

    static JsonObject encode(GetPromptResult r) {
        return Shared.completeResult().put("description", r.description())
                .put("messages", Shared.array(r.messages(), PromptCodec::encode)).put(Shared.META, r.meta()).build();
    }

    static PromptMessage decodePromptMessage(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new PromptMessage(f.required("role", Shared::role), f.required("content", ContentCodec::decodeContent));
    }

    static JsonObject encode(PromptMessage m) {
        return JsonObject.builder().put("role", m.role().wire()).put("content", ContentCodec.encode(m.content()))
                .build();
    }
}
