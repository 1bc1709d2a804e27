package dev.switchboard.cli;

import dev.switchboard.client.discovery.Discovery;
import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.CatalogEntry;
import dev.switchboard.protocol.cards.Remote;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.discovery.ServerCards;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code switchboard card URL}: a server's card, or a host's catalog, read without connecting. */
@Command(name = "card", mixinStandardHelpOptions = true,
        description = {"Show a server's Server Card, or a host's AI Catalog, without opening an MCP connection.",
                "  switchboard card http://127.0.0.1:8080/mcp        (the card at /mcp/server-card)",
                "  switchboard card http://127.0.0.1:8080            (the host's /.well-known/ai-catalog.json)"})
final class CardCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "An MCP endpoint or card URL; a bare host (or a catalog URL "
            + "ending in .json) reads the host's AI Catalog.")
    URI url;

    @Option(names = "--json", description = "Print the document as JSON instead of text.")
    boolean json;

    @Option(names = "--timeout", defaultValue = "10", description = "Seconds to wait (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("URL must start with http:// or https://, got " + url);
        }
        PrintWriter out = spec.commandLine().getOut();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        String path = url.getPath() == null ? "" : url.getPath();
        if (path.isEmpty() || path.equals("/") || path.endsWith(".json")) {
            AiCatalog catalog = Discovery.catalog(url, timeout);
            if (json) {
                out.println(Wire.toText(Codec.encode(catalog)));
                return 0;
            }
            printCatalog(out, Discovery.catalogUrl(url), catalog, timeout);
            return 0;
        }
        ServerCard card = Discovery.card(url, timeout);
        if (json) {
            out.println(Wire.toText(Codec.encode(card)));
        } else {
            printCard(out, card);
        }
        return 0;
    }

    private static void printCatalog(PrintWriter out, URI at, AiCatalog catalog, Duration timeout) {
        out.println("AI Catalog at " + at + " (" + catalog.entries().size() + " entries)");
        for (CatalogEntry e : catalog.entries()) {
            out.println();
            out.println(e.identifier() + "  [" + e.type() + "]" + (e.url() == null ? "  (inline)" : "  " + e.url()));
            if (ServerCard.MEDIA_TYPE.equals(e.type())) {
                ServerCard card = e.url() != null ? Discovery.card(URI.create(e.url()), timeout) : ServerCards.parse(e.data());
                printCard(out, card);
            }
        }
    }

    static void printCard(PrintWriter out, ServerCard card) {
        out.println(card.name() + " " + card.version() + (card.title() == null ? "" : " — " + card.title()));
        out.println("  " + card.description());
        if (card.websiteUrl() != null) {
            out.println("  Website: " + card.websiteUrl());
        }
        if (card.repository() != null) {
            out.println("  Source: " + card.repository().url() + " (" + card.repository().source() + ")");
        }
        if (card.remotes() != null) {
            out.println("  Remotes:");
            for (Remote r : card.remotes()) {
                String versions = r.supportedProtocolVersions() == null ? ""
                        : "  MCP " + String.join(", ", r.supportedProtocolVersions());
                out.println("    " + r.type() + " " + r.url() + versions);
                if (r.headers() != null) {
                    r.headers().forEach(h -> out.println("      header " + h.name()
                            + (Boolean.TRUE.equals(h.input().isRequired()) ? " (required)" : "")
                            + (h.input().description() == null ? "" : " — " + h.input().description())));
                }
            }
        }
        ServerCapabilities caps = ServerCards.capabilities(card);
        if (caps != null) {
            out.println("  Capabilities: " + capabilities(caps));
        }
        List<ServerCards.ToolSummary> tools = ServerCards.tools(card);
        if (tools != null) {
            out.println("  Tools (" + tools.size() + "):");
            tools.forEach(t -> out.println("    " + t.name() + (t.description() == null ? "" : " — " + t.description())));
        }
    }

    private static String capabilities(ServerCapabilities c) {
        List<String> names = new ArrayList<>();
        if (c.tools() != null) {
            names.add("tools");
        }
        if (c.resources() != null) {
            names.add("resources");
        }
        if (c.prompts() != null) {
            names.add("prompts");
        }
        if (c.completions() != null) {
            names.add("completions");
        }
        if (c.logging() != null) {
            names.add("logging");
        }
        if (c.extensions() != null) {
            names.addAll(c.extensions().members().keySet());
        }
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
