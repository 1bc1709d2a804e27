package dev.switchboard.cli;

import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.lifecycle.Implementation;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** What every client command shares: the era, headers, timeout, JSON output. */
final class ClientOptions {
    @Option(names = "--era", defaultValue = "auto", description = "auto (probe), modern (2026-07-28) or legacy (session era).")
    String era;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE",
            description = "An extra request header, e.g. 'Authorization: Bearer ...' (repeatable).")
    List<String> headers = List.of();

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for each request (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print JSON for scripts instead of text.")
    boolean json;

    /** A client of the HTTP endpoint {@code url}. */
    McpClient.Builder builder(URI url) {
        if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("URL must be http:// or https://, got " + url);
        }
        return configure(McpClient.builder(url));
    }

    /**
     * A client of the server named by {@code target}: one http(s) URL, or a command line that
     * starts a stdio server (after {@code --}).
     */
    McpClient.Builder builder(List<String> target) {
        if (target.size() == 1 && target.getFirst().matches("(?i)https?://.*")) {
            return builder(URI.create(target.getFirst()));
        }
        if (!headers.isEmpty()) {
            throw new IllegalArgumentException("--header applies to HTTP servers only, not to a stdio command");
        }
        return configure(McpClient.builder(target));
    }

    private McpClient.Builder configure(McpClient.Builder b) {
        b.era(switch (era.toLowerCase(java.util.Locale.ROOT)) {
                    case "auto" -> Era.AUTO;
                    case "modern" -> Era.MODERN;
                    case "legacy" -> Era.LEGACY;
                    default -> throw new IllegalArgumentException("--era must be auto, modern or legacy, got " + era);
                })
                .clientInfo(new Implementation("dev.switchboard/cli", "0.1.0", null, null, null, null, null))
                .requestTimeout(Duration.ofSeconds(timeoutSeconds));
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--header must look like 'Name: value', got '" + h + "'");
            }
            b.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
        }
        return b;
    }
}
