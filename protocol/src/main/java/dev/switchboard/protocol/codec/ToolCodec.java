package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsRequest;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.protocol.tools.ToolAnnotations;

import java.util.function.Function;

/** Tools: definitions, {@code tools/list} and {@code tools/call}. */
final class ToolCodec {
    private ToolCodec() {
    }

    static Tool decodeTool(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new Tool(f.string("name"), f.optString("title"), f.optString("description"),
                f.object("inputSchema"), f.optObject("outputSchema"),
                f.opt("annotations", ToolCodec::decodeToolAnnotations),
                f.optList("icons", LifecycleCodec::decodeIcon), f.optObject("execution"), f.meta());
    }

    static JsonObject encode(Tool t) {
        return JsonObject.builder().put("name", t.name()).put("title", t.title())
                .put("description", t.description()).put("inputSchema", t.inputSchema())
                .put("outputSchema", t.outputSchema())
                .put("annotations", t.annotations() == null ? null : encode(t.annotations()))
                .put("icons", Shared.array(t.icons(), LifecycleCodec::encode))
                .put("execution", t.execution()).put(Shared.META, t.meta()).build();
    }

    static ToolAnnotations decodeToolAnnotations(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ToolAnnotations(f.optString("title"), f.optBoolean("readOnlyHint"),
                f.optBoolean("destructiveHint"), f.optBoolean("idempotentHint"), f.optBoolean("openWorldHint"));
    }

    static JsonObject encode(ToolAnnotations a) {
        return JsonObject.builder().put("title", a.title()).put("readOnlyHint", a.readOnlyHint())
                .put("destructiveHint", a.destructiveHint()).put("idempotentHint", a.idempotentHint())
                .put("openWorldHint", a.openWorldHint()).build();
    }

    static ListToolsRequest decodeListToolsRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ListToolsRequest(f.optString("cursor"), f.meta());
    }

    static JsonObject encode(ListToolsRequest r) {
        return Shared.paginated(r.cursor(), r.meta());
    }

    static ListToolsResult decodeListToolsResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new ListToolsResult(f.list("tools", ToolCodec::decodeTool), f.optString("nextCursor"),
                Shared.ttlMs(f), Shared.cacheScope(f), f.meta());
    }

    static JsonObject encode(ListToolsResult r) {
        return Shared.page("tools", Shared.array(r.tools(), ToolCodec::encode), r.nextCursor(), r.ttlMs(),
                r.cacheScope(), r.meta());
    }

    static CallToolRequest decodeCallToolRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new CallToolRequest(f.string("name"), f.optObject("arguments"), Shared.optRawMap(f, "inputResponses"),
                f.optString("requestState"), f.meta());
    }

    static JsonObject encode(CallToolRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).put("name", r.name())
                .put("arguments", r.arguments())
                .put("inputResponses", Shared.object(r.inputResponses(), Function.identity()))
                .put("requestState", r.requestState()).build();
    }

    static CallToolResult decodeCallToolResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new CallToolResult(f.list("content", ContentCodec::decodeContent),
                Shared.optAny(f, "structuredContent"), f.optBoolean("isError"), f.meta());
    }

    static JsonObject encode(CallToolResult r) {
        return Shared.completeResult().put("content", Shared.array(r.content(), ContentCodec::encode))
                .put("structuredContent", r.structuredContent()).put("isError", r.isError())
                .put(Shared.META, r.meta()).build();
    }
}
