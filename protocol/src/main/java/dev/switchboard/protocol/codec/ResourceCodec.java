package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.resources.ListResourceTemplatesRequest;
import dev.switchboard.protocol.resources.ListResourceTemplatesResult;
import dev.switchboard.protocol.resources.ListResourcesRequest;
import dev.switchboard.protocol.resources.ListResourcesResult;
import dev.switchboard.protocol.resources.ReadResourceRequest;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.resources.SubscribeRequest;
import dev.switchboard.protocol.resources.UnsubscribeRequest;

import java.util.function.Function;

/** Resources: definitions, templates, the list and read methods, and session-era subscriptions. */
final class ResourceCodec {
    private ResourceCodec() {
    }

    static Resource decodeResource(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new Resource(f.string("uri"), f.string("name"), f.optString("title"), f.optString("description"),
                f.optString("mimeType"), f.optLong("size"), f.optList("icons", LifecycleCodec::decodeIcon),
                f.opt("annotations", ContentCodec::decodeAnnotations), f.meta());
    }

    static JsonObject encode(Resource r) {
        return JsonObject.builder().put("uri", r.uri()).put("name", r.name()).put("title", r.title())
                .put("description", r.description()).put("mimeType", r.mimeType()).put("size", r.size())
                .put("icons", Shared.array(r.icons(), LifecycleCodec::encode))
                .put("annotations", ContentCodec.encode(r.annotations())).put(Shared.META, r.meta()).build();
    }

    static ResourceTemplate decodeResourceTemplate(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ResourceTemplate(f.string("uriTemplate"), f.string("name"), f.optString("title"),
                f.optString("description"), f.optString("mimeType"), f.optList("icons", LifecycleCodec::decodeIcon),
                f.opt("annotations", ContentCodec::decodeAnnotations), f.meta());
    }

    static JsonObject encode(ResourceTemplate t) {
        return JsonObject.builder().put("uriTemplate", t.uriTemplate()).put("name", t.name())
                .put("title", t.title()).put("description", t.description()).put("mimeType", t.mimeType())
                .put("icons", Shared.array(t.icons(), LifecycleCodec::encode))
                .put("annotations", ContentCodec.encode(t.annotations())).put(Shared.META, t.meta()).build();
    }

    static ListResourcesRequest decodeListResourcesRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ListResourcesRequest(f.optString("cursor"), f.meta());
    }

    static JsonObject encode(ListResourcesRequest r) {
        return Shared.paginated(r.cursor(), r.meta());
    }

    static ListResourcesResult decodeListResourcesResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new ListResourcesResult(f.list("resources", ResourceCodec::decodeResource),
                f.optString("nextCursor"), Shared.ttlMs(f), Shared.cacheScope(f), f.meta());
    }

    static JsonObject encode(ListResourcesResult r) {
        return Shared.page("resources", Shared.array(r.resources(), ResourceCodec::encode), r.nextCursor(),
                r.ttlMs(), r.cacheScope(), r.meta());
    }

    static ListResourceTemplatesRequest decodeListResourceTemplatesRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ListResourceTemplatesRequest(f.optString("cursor"), f.meta());
    }

    static JsonObject encode(ListResourceTemplatesRequest r) {
        return Shared.paginated(r.cursor(), r.meta());
    }

    static ListResourceTemplatesResult decodeListResourceTemplatesResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new ListResourceTemplatesResult(f.list("resourceTemplates", ResourceCodec::decodeResourceTemplate),
                f.optString("nextCursor"), Shared.ttlMs(f), Shared.cacheScope(f), f.meta());
    }

    static JsonObject encode(ListResourceTemplatesResult r) {
        return Shared.page("resourceTemplates", Shared.array(r.resourceTemplates(), ResourceCodec::encode),
                r.nextCursor(), r.ttlMs(), r.cacheScope(), r.meta());
    }

    static ReadResourceRequest decodeReadResourceRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ReadResourceRequest(f.string("uri"), Shared.optRawMap(f, "inputResponses"),
                f.optString("requestState"), f.meta());
    }

    static JsonObject encode(ReadResourceRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).put("uri", r.uri())
                .put("inputResponses", Shared.object(r.inputResponses(), Function.identity()))
                .put("requestState", r.requestState()).build();
    }

    static ReadResourceResult decodeReadResourceResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new ReadResourceResult(f.list("contents", ContentCodec::decodeResourceContents),
                Shared.ttlMs(f), Shared.cacheScope(f), f.meta());
    }

    static JsonObject encode(ReadResourceResult r) {
        JsonObject.Builder b = Shared.completeResult()
                .put("contents", Shared.array(r.contents(), ContentCodec::encode));
        Shared.putCache(b, r.ttlMs(), r.cacheScope());
        return b.put(Shared.META, r.meta()).build();
    }

    static SubscribeRequest decodeSubscribeRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new SubscribeRequest(f.string("uri"), f.meta());
    }

    static JsonObject encode(SubscribeRequest r) {
        return uri(r.uri(), r.meta());
    }

    static UnsubscribeRequest decodeUnsubscribeRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new UnsubscribeRequest(f.string("uri"), f.meta());
    }

    static JsonObject encode(UnsubscribeRequest r) {
        return uri(r.uri(), r.meta());
    }

    static ResourceUpdatedNotification decodeResourceUpdatedNotification(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ResourceUpdatedNotification(f.string("uri"), f.meta());
    }

    static JsonObject encode(ResourceUpdatedNotification n) {
        return uri(n.uri(), n.meta());
    }

    private static JsonObject uri(String uri, JsonObject meta) {
        return JsonObject.builder().put(Shared.META, meta).put("uri", uri).build();
    }
}
