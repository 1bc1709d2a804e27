package dev.switchboard.registry;

import dev.switchboard.http.ApiRoute;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.registry.api.RegistryApi;
import dev.switchboard.registry.mcp.RegistryTools;
import dev.switchboard.registry.publish.NamespaceProof;
import dev.switchboard.registry.publish.Publishing;
import dev.switchboard.server.McpServer;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.state.seal.Sealer;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Registry} served on one port: the official read API under {@code /v0.1} and an MCP
 * server (at {@code /mcp} by default) whose tools search it, beside the usual {@code /healthz} and
 * the MCP server's own Server Card.
 *
 * <pre>{@code
 * try (RegistryServer server = RegistryServer.builder(registry).port(8090).start()) {
 *     System.out.println("MCP: " + server.endpoint() + ", API: " + server.apiBase());
 *     server.join();
 * }
 * }</pre>
 */
public final class RegistryServer implements AutoCloseable {
    /** The registry's own name as an MCP server. */
    public static final String NAME = "dev.switchboard/registry";

    private final McpHttpServer http;
    private final String host;

    private RegistryServer(McpHttpServer http, String host) {
        this.http = http;
        this.host = host;
    }

    /** A builder serving {@code registry}. */
    public static Builder builder(Registry registry) {
        return new Builder(registry);
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:8090/mcp}. */
    public URI endpoint() {
        return http.endpoint();
    }

    /** The base URL of the read API, e.g. {@code http://127.0.0.1:8090} (append {@code /v0.1/servers}). */
    public URI apiBase() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port());
    }

    /** The port actually bound. */
    public int port() {
        return http.port();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        http.join();
    }

    /** Stops serving; the registry stays open (its owner closes it). */
    @Override
    public void close() {
        http.close();
    }

    /** Configures and starts a {@link RegistryServer}. */
    public static final class Builder {
        private final Registry registry;
        private String host = "127.0.0.1";
        private int port = 8090;
        private String path = "/mcp";
        private int maxBodyBytes = 1024 * 1024;
        private KeyRing keyRing;
        private String version = "0.1.0";
        private final List<String> origins = new ArrayList<>();
        private SafeHttpClient publishing;

        private Builder(Registry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** Interface to bind (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind; 0 picks a free one (default 8090). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Path of the MCP endpoint (default {@code /mcp}). */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Largest request body (default 1 MiB). */
        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** Keys sealing listing cursors; share them so any instance continues another's listing (default: random). */
        public Builder keyRing(KeyRing keyRing) {
            this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
            return this;
        }

        /** The version this registry reports as an MCP server (default 0.1.0). */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Allows browsers from {@code origin}. */
        public Builder allowOrigin(String origin) {
            origins.add(origin);
            return this;
        }

        /**
         * Lets publishers publish ({@code POST /v0.1/auth/http}, then {@code POST /v0.1/publish}),
         * reading their domains' key files through {@code http} (default: read-only).
         */
        public Builder publishing(SafeHttpClient http) {
            this.publishing = Objects.requireNonNull(http, "http");
            return this;
        }

        /** Starts serving. */
        public RegistryServer start() throws Exception {
            KeyRing ring = keyRing != null ? keyRing : KeyRing.generate();
            McpServer.Builder mcp = McpServer.builder(Implementation.of(NAME, version)).keyRing(ring)
                    .instructions("A registry of MCP servers. Call search_servers with what you need done, then "
                            + "get_server for how to connect to the one you pick.");
            RegistryTools.addTo(mcp, registry);
            McpHttpServer.Builder http = McpHttpServer.builder(mcp.build()).host(host).port(port).path(path)
                    .maxBodyBytes(maxBodyBytes).api(RegistryApi.PREFIX, api(new Sealer(ring)));
            origins.forEach(http::allowOrigin);
            return new RegistryServer(http.start(), host);
        }

        private ApiRoute api(Sealer sealer) {
            ApiRoute read = new RegistryApi(registry, sealer);
            if (publishing == null) {
                return read;
            }
            Clock clock = Clock.systemUTC();
            return new Publishing(registry, new NamespaceProof(publishing, clock), sealer, clock).before(read);
        }
    }
}
