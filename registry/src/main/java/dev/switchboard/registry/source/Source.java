package dev.switchboard.registry.source;

import dev.switchboard.registry.entry.Precedence;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where entries come from. Each kind has a fixed {@link Precedence}, which settles which source
 * keeps a name two of them give.
 */
public sealed interface Source permits Source.Files, Source.Card, Source.Catalog, Source.Upstream {

    /** A stable identifier, e.g. {@code files:servers} or {@code card:https://…}, recorded on its entries. */
    String id();

    /** How much this source is trusted against the others. */
    Precedence precedence();

    /**
     * A {@code server.json} file, or a folder searched recursively for {@code *.json} files. What
     * the folder no longer holds leaves the registry on the next crawl.
     */
    record Files(Path path) implements Source {
        public Files {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String id() {
            return "files:" + path;
        }

        @Override
        public Precedence precedence() {
            return Precedence.FILES;
        }
    }

    /** A Server Card at {@code url}: its current version is the entry. */
    record Card(URI url) implements Source {
        public Card {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String id() {
            return "card:" + url;
        }

        @Override
        public Precedence precedence() {
            return Precedence.CARDS;
        }
    }

    /** An AI Catalog at {@code url}, whose Server Card entries (inline or linked) are read. */
    record Catalog(URI url) implements Source {
        public Catalog {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String id() {
            return "catalog:" + url;
        }

        @Override
        public Precedence precedence() {
            return Precedence.CARDS;
        }
    }

    /**
     * Another registry serving the official read API at {@code baseUrl} (e.g.
     * {@code https://registry.modelcontextprotocol.io}), polled incrementally with {@code updated_since}.
     */
    record Upstream(URI baseUrl) implements Source {
        public Upstream {
            Objects.requireNonNull(baseUrl, "baseUrl");
        }

        @Override
        public String id() {
            return "registry:" + baseUrl;
        }

        @Override
        public Precedence precedence() {
            return Precedence.REGISTRIES;
        }
    }
}
