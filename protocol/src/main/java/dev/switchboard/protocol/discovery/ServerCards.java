package dev.switchboard.protocol.discovery;

import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.Remote;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.DecodeException;
import dev.switchboard.protocol.codec.Fields;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.schema.JsonSchema;
import dev.switchboard.protocol.schema.JsonSchema.Violation;
import dev.switchboard.protocol.tools.Tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads, checks and generates Server Cards. The draft's rules are the official schema, bundled as
 * {@code server-card.schema.json} next to this class (a copy of {@code spec/server-card/schema.json},
 * kept identical by a test), so following a new draft means replacing that file.
 *
 * <p>Cards list no tools by design; ours carry, under our own {@code _meta} keys, the server's
 * capabilities and (when the endpoint is public) its tools, so a registry can index them without
 * connecting. Clients must treat all of it as advisory and prefer {@code server/discover}.
 */
public final class ServerCards {
    /** {@code _meta} key: the {@code capabilities} of the server's {@code server/discover} result. */
    public static final String META_CAPABILITIES = "dev.switchboard/capabilities";
    /** {@code _meta} key: the server's tools as {@code [{name, title?, description?}]}. */
    public static final String META_TOOLS = "dev.switchboard/tools";
    /** The longest {@code description} and {@code title} a card allows. */
    static final int MAX_TEXT = 100;

    private static final JsonSchema SCHEMA = loadSchema();

    private ServerCards() {
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = ServerCards.class.getResourceAsStream("server-card.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("server-card.schema.json is missing from the classpath");
            }
            JsonObject doc = (JsonObject) Wire.parse(in);
            return JsonSchema.compile(doc.with("$ref", Json.of("#/$defs/ServerCard")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The violations of {@code card} against the official schema; empty when valid. */
    public static List<Violation> validate(Json card) {
        return SCHEMA.validate(card);
    }

    /** The violations of an encoded {@code card}; empty when valid. */
    public static List<Violation> validate(ServerCard card) {
        return validate(Codec.encode(card));
    }

    /**
     * Parses a card: validates it against the schema, then decodes it.
     *
     * @throws InvalidDocumentException naming every field at fault
     */
    public static ServerCard parse(Json json) {
        List<Violation> violations = validate(json);
        if (!violations.isEmpty()) {
            throw new InvalidDocumentException("Server Card", violations);
        }
        return Codec.decode(json, ServerCard.class);
    }

    /**
     * Parses an AI Catalog. There is no official schema for it yet, so the codec's checks apply
     * (required members, exactly one of {@code url} and {@code data} per entry).
     *
     * @throws InvalidDocumentException naming the field at fault
     */
    public static AiCatalog parseCatalog(Json json) {
        try {
            return Codec.decode(json, AiCatalog.class);
        } catch (DecodeException e) {
            throw new InvalidDocumentException("AI Catalog", List.of(new Violation("", e.getMessage())));
        }
    }

    /**
     * The card of a server, generated from its own definitions so it cannot drift from what it
     * serves: {@code name}, {@code version}, {@code title}, {@code description}, {@code icons} and
     * {@code websiteUrl} from its implementation info; one Streamable HTTP remote per URL with the
     * versions of its {@code server/discover} result; its capabilities and tools under
     * {@link #META_CAPABILITIES} and {@link #META_TOOLS}. A server without a description is
     * described by its title or name, and text over 100 characters is shortened with an ellipsis,
     * since the card requires a 1–100 character description.
     *
     * @param tools the tools to publish, or null to publish none (an endpoint that needs
     *              authentication should not tell anonymous readers what it offers)
     * @throws InvalidDocumentException when the server's identity cannot make a valid card (e.g. a
     *                                  name that is not {@code namespace/name}); names the field
     */
    public static ServerCard describe(Implementation info, DiscoverResult discover, List<Tool> tools,
                                      List<String> remoteUrls) {
        String description = info.description() != null && !info.description().isBlank() ? info.description()
                : info.title() != null ? info.title() : "MCP server " + info.name();
        ServerCard.Builder b = ServerCard.builder(info.name(), info.version(), shorten(description))
                .title(info.title() == null ? null : shorten(info.title()))
                .websiteUrl(info.websiteUrl()).icons(info.icons()).meta(meta(discover.capabilities(), tools));
        remoteUrls.forEach(url -> b.remote(Remote.streamableHttp(url, discover.supportedVersions())));
        ServerCard card = b.build();
        List<Violation> violations = validate(card);
        if (!violations.isEmpty()) {
            throw new InvalidDocumentException("Server Card for server \"" + info.name() + "\"", violations);
        }
        return card;
    }

    private static String shorten(String text) {
        String t = text.strip();
        return t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT - 1).stripTrailing() + "…";
    }

    private static JsonObject meta(ServerCapabilities capabilities, List<Tool> tools) {
        JsonObject.Builder b = JsonObject.builder().put(META_CAPABILITIES, Codec.encode(capabilities));
        if (tools != null) {
            List<Json> summaries = new ArrayList<>(tools.size());
            for (Tool t : tools) {
                summaries.add(JsonObject.builder().put("name", t.name()).put("title", t.title())
                        .put("description", t.description()).build());
            }
            b.put(META_TOOLS, new JsonArray(summaries));
        }
        return b.build();
    }

    /** The capabilities a card states under {@link #META_CAPABILITIES}, or null when it states none. */
    public static ServerCapabilities capabilities(ServerCard card) {
        Json caps = card.meta() == null ? null : card.meta().get(META_CAPABILITIES);
        return caps == null ? null : Codec.decode(caps, ServerCapabilities.class, "_meta." + META_CAPABILITIES);
    }

    /** The tools a card lists under {@link #META_TOOLS}, or null when it lists none. */
    public static List<ToolSummary> tools(ServerCard card) {
        Json tools = card.meta() == null ? null : card.meta().get(META_TOOLS);
        if (tools == null) {
            return null;
        }
        Fields f = Fields.of(JsonObject.of(META_TOOLS, tools), "_meta");
        return f.list(META_TOOLS, (json, path) -> {
            Fields t = Fields.of(json, path);
            return new ToolSummary(t.string("name"), t.optString("title"), t.optString("description"));
        });
    }

    /**
     * A tool as a card lists it.
     *
     * @param name        the tool's name
     * @param title       its display name, or null
     * @param description what it does, or null
     */
    public record ToolSummary(String name, String title, String description) {
    }
}
