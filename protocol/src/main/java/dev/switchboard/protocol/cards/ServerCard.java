package dev.switchboard.protocol.cards;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Icon;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Server Card: what a client needs to find and connect to a remote MCP server before it
 * connects (identity, transports, protocol versions). The {@code $schema} member is implied
 * ({@link #SCHEMA_URI}). Records hold values; the draft's constraints (name pattern, lengths)
 * are checked by the official schema ({@code ServerCards.validate} in
 * {@code protocol.discovery}), which every card we emit passes. Build one with
 * {@link #builder}; the canonical constructor grows with the draft and is not a stable API.
 *
 * @param name        reverse-DNS name with one {@code /}, e.g. {@code com.example/weather}; required
 * @param version     equals {@code serverInfo.version}; required
 * @param description one line, 1–100 characters; required
 * @param title       display name, or null
 * @param websiteUrl  home page, or null
 * @param repository  source repository, or null
 * @param icons       icons, or null
 * @param remotes     HTTP endpoints, or null
 * @param meta        {@code _meta} (vendor data), or null
 */
public record ServerCard(String name, String version, String description, String title, String websiteUrl,
                         Repository repository, List<Icon> icons, List<Remote> remotes, JsonObject meta) {
    /** The card's media type; clients send it in {@code Accept}, servers in {@code Content-Type}. */
    public static final String MEDIA_TYPE = "application/mcp-server-card+json";
    /** The {@code $schema} every card of this draft carries. */
    public static final String SCHEMA_URI = "https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json";
    /** Where a card lives relative to its Streamable HTTP endpoint. */
    public static final String PATH_SUFFIX = "/server-card";

    /** Checks the required members. */
    public ServerCard {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        icons = Copies.list(icons, "icons");
        remotes = Copies.list(remotes, "remotes");
    }

    /** A builder for a card with the three required members. */
    public static Builder builder(String name, String version, String description) {
        return new Builder(name, version, description);
    }

    /** Builds a {@link ServerCard}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String version;
        private final String description;
        private String title;
        private String websiteUrl;
        private Repository repository;
        private List<Icon> icons;
        private final List<Remote> remotes = new ArrayList<>();
        private JsonObject meta;

        private Builder(String name, String version, String description) {
            this.name = name;
            this.version = version;
            this.description = description;
        }

        /** Display name. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** Home page. */
        public Builder websiteUrl(String websiteUrl) {
            this.websiteUrl = websiteUrl;
            return this;
        }

        /** Source repository. */
        public Builder repository(Repository repository) {
            this.repository = repository;
            return this;
        }

        /** Icons. */
        public Builder icons(List<Icon> icons) {
            this.icons = icons;
            return this;
        }

        /** Adds an endpoint. */
        public Builder remote(Remote remote) {
            remotes.add(remote);
            return this;
        }

        /** {@code _meta}. */
        public Builder meta(JsonObject meta) {
            this.meta = meta;
            return this;
        }

        /** The card. */
        public ServerCard build() {
            return new ServerCard(name, version, description, title, websiteUrl, repository, icons,
                    remotes.isEmpty() ? null : remotes, meta);
        }
    }
}
