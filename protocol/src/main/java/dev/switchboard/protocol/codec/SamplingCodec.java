package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.sampling.CreateMessageRequest;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.sampling.ModelHint;
import dev.switchboard.protocol.sampling.ModelPreferences;
import dev.switchboard.protocol.sampling.SamplingMessage;

import java.util.List;

/** {@code sampling/createMessage}: messages (one block or an array), preferences, request and result. */
final class SamplingCodec {
    private SamplingCodec() {
    }

    /** The {@code content} member: one block or an array, and which of the two it was. */
    private record Blocks(List<Content> content, boolean array) {
    }

    private static Blocks blocks(Fields f) {
        Json v = f.raw("content");
        if (v == null || v.isNull()) {
            throw new DecodeException(f.path("content"), "required member is missing");
        }
        if (v instanceof JsonArray) {
            return new Blocks(f.list("content", ContentCodec::decodeContent), true);
        }
        if (v instanceof JsonObject) {
            return new Blocks(List.of(ContentCodec.decodeContent(v, f.path("content"))), false);
        }
        throw new DecodeException(f.path("content"), "expected object or array, got " + v.kind());
    }

    private static Json blocks(List<Content> content, boolean array) {
        return array ? Shared.array(content, ContentCodec::encode) : ContentCodec.encode(content.get(0));
    }

    static SamplingMessage decodeSamplingMessage(Json json, String path) {
        Fields f = Fields.of(json, path);
        Blocks b = blocks(f);
        return new SamplingMessage(f.required("role", Shared::role), b.content(), b.array(), f.meta());
    }

    static JsonObject encode(SamplingMessage m) {
        return JsonObject.builder().put("role", m.role().wire()).put("content", blocks(m.content(), m.contentArray()))
                .put(Shared.META, m.meta()).build();
    }

    static ModelHint decodeModelHint(Json json, String path) {
        return new ModelHint(Fields.of(json, path).optString("name"));
    }

    static JsonObject encode(ModelHint h) {
        return JsonObject.builder().put("name", h.name()).build();
    }

    static ModelPreferences decodeModelPreferences(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ModelPreferences(f.optList("hints", SamplingCodec::decodeModelHint), f.optDouble("costPriority"),
                f.optDouble("speedPriority"), f.optDouble("intelligencePriority"));
    }

    static JsonObject encode(ModelPreferences p) {
        return JsonObject.builder().put("hints", Shared.array(p.hints(), SamplingCodec::encode))
                .put("costPriority", p.costPriority()).put("speedPriority", p.speedPriority())
                .put("intelligencePriority", p.intelligencePriority()).build();
    }

    static CreateMessageRequest decodeCreateMessageRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new CreateMessageRequest(f.list("messages", SamplingCodec::decodeSamplingMessage),
                f.opt("modelPreferences", SamplingCodec::decodeModelPreferences), f.optString("systemPrompt"),
                f.optString("includeContext"), f.optDouble("temperature"), f.longValue("maxTokens"),
                f.optStrings("stopSequences"), f.optObject("metadata"), f.optList("tools", ToolCodec::decodeTool),
                f.optObject("toolChoice"), f.meta());
    }

    static JsonObject encode(CreateMessageRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta())
                .put("messages", Shared.array(r.messages(), SamplingCodec::encode))
                .put("modelPreferences", r.modelPreferences() == null ? null : encode(r.modelPreferences()))
                .put("systemPrompt", r.systemPrompt()).put("includeContext", r.includeContext())
                .put("temperature", r.temperature()).put("maxTokens", r.maxTokens())
                .put("stopSequences", Shared.strings(r.stopSequences())).put("metadata", r.metadata())
                .put("tools", Shared.array(r.tools(), ToolCodec::encode)).put("toolChoice", r.toolChoice()).build();
    }

    /** An input response: no {@code resultType} is read or written. */
    static CreateMessageResult decodeCreateMessageResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Blocks b = blocks(f);
        return new CreateMessageResult(f.required("role", Shared::role), b.content(), b.array(), f.string("model"),
                f.optString("stopReason"), f.meta());
    }

    static JsonObject encode(CreateMessageResult r) {
        return JsonObject.builder().put("role", r.role().wire()).put("content", blocks(r.content(), r.contentArray()))
                .put("model", r.model()).put("stopReason", r.stopReason()).put(Shared.META, r.meta()).build();
    }
}
