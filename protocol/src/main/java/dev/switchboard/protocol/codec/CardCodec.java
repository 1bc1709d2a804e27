package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.CatalogEntry;
import dev.switchboard.protocol.cards.Input;
import dev.switchboard.protocol.cards.KeyValueInput;
import dev.switchboard.protocol.cards.Remote;
import dev.switchboard.protocol.cards.Repository;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

/**
 * The Server Card (SEP-2127 draft) and the AI Catalog. {@code $schema} is the card's
 * discriminator: decoding requires the current draft's URI, encoding always writes it first.
 */
final class CardCodec {
    private static final String SCHEMA = "$schema";

    private CardCodec() {
    }

    static ServerCard decodeCard(Json json, String path) {
        Fields f = Fields.of(json, path);
        String schema = f.string(SCHEMA);
        if (!ServerCard.SCHEMA_URI.equals(schema)) {
            throw new DecodeException(f.path(SCHEMA), "expected \"" + ServerCard.SCHEMA_URI + "\", got \"" + schema + "\"");
        }
        return new ServerCard(f.string("name"), f.string("version"), f.string("description"), f.optString("title"),
                f.optString("websiteUrl"), f.opt("repository", CardCodec::decodeRepository),
                f.optList("icons", LifecycleCodec::decodeIcon), f.optList("remotes", CardCodec::decodeRemote),
                f.meta());
    }

    static JsonObject encode(ServerCard c) {
        return JsonObject.builder().put(SCHEMA, ServerCard.SCHEMA_URI)
                .put("name", c.name()).put("version", c.version()).put("description", c.description())
                .put("title", c.title()).put("websiteUrl", c.websiteUrl())
                .put("repository", c.repository() == null ? null : encode(c.repository()))
                .put("icons", Shared.array(c.icons(), LifecycleCodec::encode))
                .put("remotes", Shared.array(c.remotes(), CardCodec::encode))
                .put(Shared.META, c.meta()).build();
    }

    static Repository decodeRepository(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new Repository(f.string("url"), f.string("source"), f.optString("subfolder"), f.optString("id"));
    }

    static JsonObject encode(Repository r) {
        return JsonObject.builder().put("url", r.url()).put("source", r.source()).put("subfolder", r.subfolder())
                .put("id", r.id()).build();
    }

    static Remote decodeRemote(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new Remote(f.string("type"), f.string("url"), f.optList("headers", CardCodec::decodeKeyValueInput),
                f.optMap("variables", CardCodec::decodeInput), f.optStrings("supportedProtocolVersions"));
    }

    static JsonObject encode(Remote r) {
        return JsonObject.builder().put("type", r.type()).put("url", r.url())
                .put("headers", Shared.array(r.headers(), CardCodec::encode))
                .put("variables", Shared.object(r.variables(), CardCodec::encode))
                .put("supportedProtocolVersions", Shared.strings(r.supportedProtocolVersions())).build();
    }

    static Input decodeInput(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new Input(f.optString("description"), f.optBoolean("isRequired"), f.optBoolean("isSecret"),
                f.optString("format"), f.optString("default"), f.optString("placeholder"), f.optString("value"),
                f.optStrings("choices"));
    }

    static JsonObject encode(Input i) {
        return inputMembers(JsonObject.builder(), i).build();
    }

    private static JsonObject.Builder inputMembers(JsonObject.Builder b, Input i) {
        return b.put("description", i.description()).put("isRequired", i.isRequired())
                .put("isSecret", i.isSecret()).put("format", i.format()).put("default", i.defaultValue())
                .put("placeholder", i.placeholder()).put("value", i.value())
                .put("choices", Shared.strings(i.choices()));
    }

    static KeyValueInput decodeKeyValueInput(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new KeyValueInput(f.string("name"), decodeInput(json, path), f.optMap("variables", CardCodec::decodeInput));
    }

    static JsonObject encode(KeyValueInput kv) {
        return inputMembers(JsonObject.builder().put("name", kv.name()), kv.input())
                .put("variables", Shared.object(kv.variables(), CardCodec::encode)).build();
    }

    static AiCatalog decodeCatalog(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new AiCatalog(f.string("specVersion"), f.opt("host", CardCodec::decodeHost),
                f.list("entries", CardCodec::decodeEntry), f.optObject("extensions"));
    }

    static JsonObject encode(AiCatalog c) {
        return JsonObject.builder().put("specVersion", c.specVersion())
                .put("host", c.host() == null ? null : encode(c.host()))
                .put("entries", Shared.array(c.entries(), CardCodec::encode))
                .put("extensions", c.extensions()).build();
    }

    static AiCatalog.Host decodeHost(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new AiCatalog.Host(f.string("displayName"), f.optString("identifier"), f.optString("documentationUrl"),
                f.optString("logoUrl"));
    }

    static JsonObject encode(AiCatalog.Host h) {
        return JsonObject.builder().put("displayName", h.displayName()).put("identifier", h.identifier())
                .put("documentationUrl", h.documentationUrl()).put("logoUrl", h.logoUrl()).build();
    }

    static CatalogEntry decodeEntry(Json json, String path) {
        Fields f = Fields.of(json, path);
        String url = f.optString("url");
        Json data = f.opt("data", (value, at) -> value);
        if ((url == null) == (data == null)) {
            throw new DecodeException(path, "exactly one of \"url\" and \"data\" is required, got "
                    + (url == null ? "neither" : "both"));
        }
        return new CatalogEntry(f.string("identifier"), f.string("type"), url, data, f.optString("displayName"),
                f.optString("description"), f.optStrings("tags"), f.optString("version"), f.optString("updatedAt"),
                f.optObject("extensions"));
    }

    static JsonObject encode(CatalogEntry e) {
        return JsonObject.builder().put("identifier", e.identifier()).put("displayName", e.displayName())
                .put("type", e.type()).put("description", e.description())
                .put("tags", Shared.strings(e.tags())).put("version", e.version())
                .put("updatedAt", e.updatedAt()).put("url", e.url()).put("data", e.data())
                .put("extensions", e.extensions()).build();
    }
}
