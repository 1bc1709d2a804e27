package dev.switchboard.protocol.cards;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * An AI Catalog ({@code application/ai-catalog+json}): the list of AI artifacts a host offers,
 * served at {@code /.well-known/ai-catalog.json}. MCP servers appear as entries of type
 * {@link ServerCard#MEDIA_TYPE}. Trust manifests and signatures are not modelled (ignored on read).
 *
 * @param specVersion the catalog format's "Major.Minor" version; required
 * @param host        who runs the host, or null
 * @param entries     the artifacts, possibly none; required
 * @param extensions  vendor data, or null
 */
public record AiCatalog(String specVersion, Host host, List<CatalogEntry> entries, JsonObject extensions) {
    /** The catalog's media type. */
    public static final String MEDIA_TYPE = "application/ai-catalog+json";
    /** Where a host serves its catalog. */
    public static final String WELL_KNOWN_PATH = "/.well-known/ai-catalog.json";
    /** The catalog format version we write. */
    public static final String SPEC_VERSION = "1.0";

    /** Checks the required members. */
    public AiCatalog {
        Objects.requireNonNull(specVersion, "specVersion");
        entries = Copies.requiredList(entries, "entries");
    }

    /** A catalog of {@code entries} in the current format. */
    public static AiCatalog of(List<CatalogEntry> entries) {
        return new AiCatalog(SPEC_VERSION, null, entries, null);
    }

    /** The entries that are MCP Server Cards. */
    public List<CatalogEntry> serverCards() {
        return entries.stream().filter(e -> ServerCard.MEDIA_TYPE.equals(e.type())).toList();
    }

    /**
     * The operator of a catalog.
     *
     * @param displayName      its name, e.g. the organization; required
     * @param identifier       a verifiable id (DID or domain), or null
     * @param documentationUrl its documentation, or null
     * @param logoUrl          its logo, or null
     */
    public record Host(String displayName, String identifier, String documentationUrl, String logoUrl) {
        /** Checks the required members. */
        public Host {
            Objects.requireNonNull(displayName, "displayName");
        }
    }
}
