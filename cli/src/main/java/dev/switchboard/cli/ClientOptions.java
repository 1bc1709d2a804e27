package dev.switchboard.cli;

import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.auth.LoopbackAuthorizationHandler;
import dev.switchboard.client.auth.OAuthAuthorizer;
import dev.switchboard.client.auth.RegisteredClient;
import dev.switchboard.protocol.lifecycle.Implementation;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every client command shares: the era, headers, timeout, JSON output, and authorization (a
 * bearer token, or the interactive OAuth flow). Close it after the client: it may hold the OAuth
 * redirect listener.
 */
final class ClientOptions implements AutoCloseable {
    @Option(names = "--era", defaultValue = "auto", description = "auto (probe), modern (2026-07-28) or legacy (session era).")
    String era;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE",
            description = "An extra request header, e.g. 'Authorization: Bearer ...' (repeatable).")
    List<String> headers = List.of();

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for each request (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print JSON for scripts instead of text.")
    boolean json;

    @Option(names = "--bearer", paramLabel = "TOKEN", defaultValue = "${env:SWITCHBOARD_TOKEN}",
            description = "An OAuth access token to send as 'Authorization: Bearer TOKEN' (default: $SWITCHBOARD_TOKEN).")
    String bearer;

    @Option(names = "--login", description = "Authorize interactively with OAuth when the server asks (401): "
            + "discovers the authorization server, registers, prints the URL to open (and opens a browser when "
            + "there is one), and receives the redirect on a loopback port.")
    boolean login;

    @Option(names = "--client-id", description = "--login: a client id registered with the authorization server "
            + "(default: register dynamically).")
    String clientId;

    @Option(names = "--client-secret", defaultValue = "${env:SWITCHBOARD_CLIENT_SECRET}",
            description = "--login: that client's secret, if it has one (default: $SWITCHBOARD_CLIENT_SECRET).")
    String clientSecret;

    @Option(names = "--client-metadata-url", paramLabel = "URL",
            description = "--login: this client's Client ID Metadata Document (https), offered as client_id to "
                    + "servers that accept them.")
    URI clientMetadataUrl;

    @Option(names = "--redirect-port", defaultValue = "0",
            description = "--login: the loopback port receiving the redirect (default: any free one).")
    int redirectPort;

    /** Where --login prints the authorization URL (the command's stderr). */
    PrintWriter prompts = new PrintWriter(System.err, true);

    private final List<AutoCloseable> resources = new ArrayList<>();

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
        if (login || bearer != null && !bearer.isEmpty()) {
            throw new IllegalArgumentException("--login and --bearer apply to HTTP servers only, not to a stdio command");
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
        if (login && bearer != null && !bearer.isEmpty()) {
            throw new IllegalArgumentException("--login and --bearer (or $SWITCHBOARD_TOKEN) exclude each other");
        }
        if (login) {
            b.authorizer(oauth());
        } else if (bearer != null && !bearer.isEmpty()) {
            b.bearerToken(bearer);
        }
        return b;
    }

    private OAuthAuthorizer oauth() {
        LoopbackAuthorizationHandler handler;
        try {
            handler = LoopbackAuthorizationHandler.create(redirectPort, url -> {
                prompts.println("Open this URL in a browser to authorize:");
                prompts.println("  " + url);
                prompts.flush();
                LoopbackAuthorizationHandler.browse(url);
            }, Duration.ofMinutes(5));
        } catch (IOException e) {
            throw new UncheckedIOException("--login cannot listen on loopback port " + redirectPort, e);
        }
        resources.add(handler);
        OAuthAuthorizer.Builder b = OAuthAuthorizer.builder(handler).clientName("Switchboard CLI");
        if (clientId != null) {
            b.client(new RegisteredClient(null, clientId, clientSecret == null || clientSecret.isEmpty() ? null
                    : clientSecret, null));
        }
        if (clientMetadataUrl != null) {
            b.clientMetadataUrl(clientMetadataUrl);
        }
        OAuthAuthorizer authorizer = b.build();
        resources.add(authorizer);
        return authorizer;
    }

    /** Releases what --login opened. */
    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // best effort at exit
            }
        }
        resources.clear();
    }
}
