package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.content.Annotations;
import dev.switchboard.protocol.content.AudioContent;
import dev.switchboard.protocol.content.BlobResourceContents;
import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.EmbeddedResource;
import dev.switchboard.protocol.content.ImageContent;
import dev.switchboard.protocol.content.ResourceContents;
import dev.switchboard.protocol.content.ResourceLink;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.content.ToolResultContent;
import dev.switchboard.protocol.content.ToolUseContent;
import dev.switchboard.protocol.content.UnknownContent;
import dev.switchboard.protocol.content.UnknownResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

/**
 * Content blocks (discriminated by {@code type}), annotations and resource contents
 * (discriminated by the presence of {@code text} or {@code blob}).
 */
final class ContentCodec {
    private ContentCodec() {
    }

    static Content decodeContent(Json json, String path) {
        Fields f = Fields.of(json, path);
        return switch (f.string("type")) {
            case "text" -> new TextContent(f.string("text"), annotations(f), f.meta());
            case "image" -> new ImageContent(f.string("data"), f.string("mimeType"), annotations(f), f.meta());
            case "audio" -> new AudioContent(f.string("data"), f.string("mimeType"), annotations(f), f.meta());
            case "resource_link" -> new ResourceLink(f.string("uri"), f.string("name"), f.optString("title"),
                    f.optString("description"), f.optString("mimeType"), f.optLong("size"),
                    f.optList("icons", LifecycleCodec::decodeIcon), annotations(f), f.meta());
            case "resource" -> new EmbeddedResource(f.required("resource", ContentCodec::decodeResourceContents),
                    annotations(f), f.meta());
            case "tool_use" -> new ToolUseContent(f.string("id"), f.string("name"), f.object("input"), f.meta());
            case "tool_result" -> new ToolResultContent(f.string("toolUseId"),
                    f.list("content", ContentCodec::decodeContent), Shared.optAny(f, "structuredContent"),
                    f.optBoolean("isError"), f.meta());
            default -> new UnknownContent(f.object());
        };
    }

    static JsonObject encode(Content content) {
        return switch (content) {
            case TextContent t -> typed("text").put("text", t.text())
                    .put("annotations", encode(t.annotations())).put(Shared.META, t.meta()).build();
            case ImageContent i -> typed("image").put("data", i.data()).put("mimeType", i.mimeType())
                    .put("annotations", encode(i.annotations())).put(Shared.META, i.meta()).build();
            case AudioContent a -> typed("audio").put("data", a.data()).put("mimeType", a.mimeType())
                    .put("annotations", encode(a.annotations())).put(Shared.META, a.meta()).build();
            case ResourceLink l -> typed("resource_link").put("uri", l.uri()).put("name", l.name())
                    .put("title", l.title()).put("description", l.description()).put("mimeType", l.mimeType())
                    .put("size", l.size()).put("icons", Shared.array(l.icons(), LifecycleCodec::encode))
                    .put("annotations", encode(l.annotations())).put(Shared.META, l.meta()).build();
            case EmbeddedResource e -> typed("resource").put("resource", encode(e.resource()))
                    .put("annotations", encode(e.annotations())).put(Shared.META, e.meta()).build();
            case ToolUseContent u -> typed("tool_use").put("id", u.id()).put("name", u.name())
                    .put("input", u.input()).put(Shared.META, u.meta()).build();
            case ToolResultContent r -> typed("tool_result").put("toolUseId", r.toolUseId())
                    .put("content", Shared.array(r.content(), ContentCodec::encode))
                    .put("structuredContent", r.structuredContent()).put("isError", r.isError())
                    .put(Shared.META, r.meta()).build();
            case UnknownContent u -> u.raw();
            default -> throw new IllegalArgumentException("no codec for content kind " + content.getClass().getName());
        };
    }

    private static JsonObject.Builder typed(String type) {
        return JsonObject.builder().put("type", type);
    }

    private static Annotations annotations(Fields f) {
        return f.opt("annotations", ContentCodec::decodeAnnotations);
    }

    static Annotations decodeAnnotations(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new Annotations(f.optList("audience", Shared::role), f.optDouble("priority"),
                f.optString("lastModified"));
    }

    static JsonObject encode(Annotations a) {
        if (a == null) {
            return null;
        }
        return JsonObject.builder()
                .put("audience", Shared.array(a.audience(), (Role r) -> new JsonString(r.wire())))
                .put("priority", a.priority())
                .put("lastModified", a.lastModified())
                .build();
    }

    static ResourceContents decodeResourceContents(Json json, String path) {
        Fields f = Fields.of(json, path);
        if (f.raw("text") != null) {
            return new TextResourceContents(f.string("uri"), f.optString("mimeType"), f.string("text"), f.meta());
        }
        if (f.raw("blob") != null) {
            return new BlobResourceContents(f.string("uri"), f.optString("mimeType"), f.string("blob"), f.meta());
        }
        return new UnknownResourceContents(f.object());
    }

    static JsonObject encode(ResourceContents contents) {
        return switch (contents) {
            case TextResourceContents t -> JsonObject.builder().put("uri", t.uri()).put("mimeType", t.mimeType())
                    .put("text", t.text()).put(Shared.META, t.meta()).build();
            case BlobResourceContents b -> JsonObject.builder().put("uri", b.uri()).put("mimeType", b.mimeType())
                    .put("blob", b.blob()).put(Shared.META, b.meta()).build();
            case UnknownResourceContents u -> u.raw();
            default -> throw new IllegalArgumentException(
                    "no codec for resource contents " + contents.getClass().getName());
        };
    }
}
