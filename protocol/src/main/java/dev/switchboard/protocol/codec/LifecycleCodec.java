package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.DiscoverRequest;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Icon;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.InitializeRequest;
import dev.switchboard.protocol.lifecycle.InitializeResult;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.lifecycle.ServerCapabilities.PromptsCapability;
import dev.switchboard.protocol.lifecycle.ServerCapabilities.ResourcesCapability;
import dev.switchboard.protocol.lifecycle.ServerCapabilities.ToolsCapability;

/** Implementation info, icons, capabilities, {@code server/discover} and session-era {@code initialize}. */
final class LifecycleCodec {
    private LifecycleCodec() {
    }

    static Icon decodeIcon(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new Icon(f.string("src"), f.optString("mimeType"), f.optStrings("sizes"), f.optString("theme"));
    }

    static JsonObject encode(Icon icon) {
        return JsonObject.builder().put("src", icon.src()).put("mimeType", icon.mimeType())
                .put("sizes", Shared.strings(icon.sizes())).put("theme", icon.theme()).build();
    }

    static Implementation decodeImplementation(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new Implementation(f.string("name"), f.string("version"), f.optString("title"),
                f.optString("description"), f.optList("icons", LifecycleCodec::decodeIcon),
                f.optString("websiteUrl"), f.meta());
    }

    static JsonObject encode(Implementation impl) {
        return JsonObject.builder().put("name", impl.name()).put("version", impl.version())
                .put("title", impl.title()).put("description", impl.description())
                .put("icons", Shared.array(impl.icons(), LifecycleCodec::encode))
                .put("websiteUrl", impl.websiteUrl()).put(Shared.META, impl.meta()).build();
    }

    static ClientCapabilities decodeClientCapabilities(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ClientCapabilities(f.optObject("roots"), f.optObject("sampling"), f.optObject("elicitation"),
                f.optObject("extensions"), f.optObject("experimental"));
    }

    static JsonObject encode(ClientCapabilities c) {
        return JsonObject.builder().put("roots", c.roots()).put("sampling", c.sampling())
                .put("elicitation", c.elicitation()).put("extensions", c.extensions())
                .put("experimental", c.experimental()).build();
    }

    static ServerCapabilities decodeServerCapabilities(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ServerCapabilities(
                f.opt("tools", LifecycleCodec::decodeToolsCapability),
                f.opt("prompts", LifecycleCodec::decodePromptsCapability),
                f.opt("resources", LifecycleCodec::decodeResourcesCapability),
                f.optObject("logging"), f.optObject("completions"), f.optObject("extensions"),
                f.optObject("experimental"));
    }

    static JsonObject encode(ServerCapabilities c) {
        return JsonObject.builder()
                .put("tools", c.tools() == null ? null : encode(c.tools()))
                .put("prompts", c.prompts() == null ? null : encode(c.prompts()))
                .put("resources", c.resources() == null ? null : encode(c.resources()))
                .put("logging", c.logging()).put("completions", c.completions())
                .put("extensions", c.extensions()).put("experimental", c.experimental()).build();
    }

    static ToolsCapability decodeToolsCapability(Json json, String path) {
        return new ToolsCapability(Fields.of(json, path).optBoolean("listChanged"));
    }

    static JsonObject encode(ToolsCapability c) {
        return JsonObject.builder().put("listChanged", c.listChanged()).build();
    }

    static PromptsCapability decodePromptsCapability(Json json, String path) {
        return new PromptsCapability(Fields.of(json, path).optBoolean("listChanged"));
    }

    static JsonObject encode(PromptsCapability c) {
        return JsonObject.builder().put("listChanged", c.listChanged()).build();
    }

    static ResourcesCapability decodeResourcesCapability(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new ResourcesCapability(f.optBoolean("subscribe"), f.optBoolean("listChanged"));
    }

    static JsonObject encode(ResourcesCapability c) {
        return JsonObject.builder().put("subscribe", c.subscribe()).put("listChanged", c.listChanged()).build();
    }

    static DiscoverRequest decodeDiscoverRequest(Json json, String path) {
        return new DiscoverRequest(Fields.of(json, path).meta());
    }

    static JsonObject encode(DiscoverRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).build();
    }

    static DiscoverResult decodeDiscoverResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new DiscoverResult(f.list("supportedVersions", Fields::asString),
                f.required("capabilities", LifecycleCodec::decodeServerCapabilities),
                f.optString("instructions"), Shared.ttlMs(f), Shared.cacheScope(f), f.meta());
    }

    static JsonObject encode(DiscoverResult r) {
        JsonObject.Builder b = Shared.completeResult()
                .put("supportedVersions", Shared.strings(r.supportedVersions()))
                .put("capabilities", encode(r.capabilities()))
                .put("instructions", r.instructions());
        Shared.putCache(b, r.ttlMs(), r.cacheScope());
        return b.put(Shared.META, r.meta()).build();
    }

    static InitializeRequest decodeInitializeRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new InitializeRequest(f.string("protocolVersion"),
                f.required("capabilities", LifecycleCodec::decodeClientCapabilities),
                f.required("clientInfo", LifecycleCodec::decodeImplementation), f.meta());
    }

    static JsonObject encode(InitializeRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).put("protocolVersion", r.protocolVersion())
                .put("capabilities", encode(r.capabilities())).put("clientInfo", encode(r.clientInfo())).build();
    }

    static InitializeResult decodeInitializeResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new InitializeResult(f.string("protocolVersion"),
                f.required("capabilities", LifecycleCodec::decodeServerCapabilities),
                f.required("serverInfo", LifecycleCodec::decodeImplementation), f.optString("instructions"),
                f.meta());
    }

    /** Session era only, so no {@code resultType}. */
    static JsonObject encode(InitializeResult r) {
        return JsonObject.builder().put("protocolVersion", r.protocolVersion())
                .put("capabilities", encode(r.capabilities())).put("serverInfo", encode(r.serverInfo()))
                .put("instructions", r.instructions()).put(Shared.META, r.meta()).build();
    }
}
