package dev.switchboard.http;

import dev.switchboard.http.internal.ApiHandler;
import dev.switchboard.http.internal.DiscoveryHandler;
import dev.switchboard.http.internal.McpHandler;
import dev.switchboard.http.internal.OriginPolicy;
import dev.switchboard.http.internal.StreamRegistry;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.McpServer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * Serves an {@link McpServer} over Streamable HTTP (MCP 2026-07-28) on Jetty 12, one virtual
 * thread per request.
 *
 * <pre>{@code
 * try (McpHttpServer http = McpHttpServer.builder(server).port(8080).start()) {
 *     System.out.println("MCP endpoint: " + http.endpoint());
 *     http.join();
 * }
 * }</pre>
 *
 * <p>Also serves {@code GET /healthz}, the endpoint's Server Card at {@code <path>/server-card},
 * the host's AI Catalog at {@code /.well-known/ai-catalog.json}, the read-only documents added
 * with {@link Builder#route(String, Route)}, and the APIs mounted with {@link Builder#api(String, ApiRoute)}. Bound to loopback by default, where it refuses
 * non-loopback {@code Host} and {@code Origin} headers (DNS rebinding protection).
 */
public final class McpHttpServer implements AutoCloseable {
    private static final JsonObject HEALTHY = JsonObject.of("status", dev.switchboard.protocol.json.Json.of("ok"));
    private final Server jetty;
    private final ServerConnector connector;
    private final StreamRegistry streams;
    private final McpServer server;
    private final String host;
    private final String path;

    private McpHttpServer(Builder b) throws Exception {
        this.server = b.server;
        this.host = b.host;
        this.path = b.path;
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(8, Runtime.getRuntime().availableProcessors() * 4));
        pool.setName("mcp-http");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.jetty = new Server(pool);
        HttpConfiguration config = new HttpConfiguration();
        if (!b.apis.isEmpty()) {
            // APIs name things with an encoded '/' in a segment (the registry's com.example%2Fweather)
            config.setUriCompliance(org.eclipse.jetty.http.UriCompliance.DEFAULT.with("api",
                    org.eclipse.jetty.http.UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        }
        config.setSendServerVersion(false);
        config.setSendDateHeader(false);
        // Jetty's per-connection cache of whole header lines walks a trie over each line's bytes: with
        // an 800-byte bearer token that walk was 17% of a governed gateway's CPU. Known header names
        // are still looked up in Jetty's static table.
        config.setHeaderCacheSize(0);
        this.connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
        connector.setHost(b.host);
        connector.setPort(b.port);
        connector.setIdleTimeout(b.idleTimeout.toMillis());
        connector.setAcceptQueueSize(b.acceptQueue); // bursts of new connections wait instead of being reset
        jetty.addConnector(connector);
        this.streams = new StreamRegistry(b.keepAlive.toMillis());
        boolean loopback = isLoopback(b.host);
        OriginPolicy origins = new OriginPolicy(loopback, b.allowedOrigins, b.allowedHosts);
        // The card lists tools only when anyone may call them: it is public, the endpoint may not be.
        boolean publicEndpoint = b.authenticator == Authenticator.ANONYMOUS;
        List<DiscoveryHandler.Endpoint> cards = new java.util.ArrayList<>();
        cards.add(new DiscoveryHandler.Endpoint(b.path, url -> server.serverCard(List.of(url), publicEndpoint)));
        // more cards at <path>/server-card; their factories get this endpoint's public URL
        b.cards.forEach((path, card) -> cards.add(new DiscoveryHandler.Endpoint(path,
                url -> card.card(url.substring(0, url.length() - path.length()) + b.path, publicEndpoint))));
        DiscoveryHandler discovery = new DiscoveryHandler(cards, origins, b.publicOrigin);
        jetty.setHandler(new Handler.Sequence(discovery, new ApiHandler(b.apis, b.maxBodyBytes, origins),
                new McpHandler(server, b.path, b.maxBodyBytes, origins, streams, b.authenticator, b.health, b.routes)));
        jetty.setStopTimeout(5_000);
        jetty.start();
    }

    /** Makes a Server Card served beside the endpoint's own ({@link Builder#card}). */
    @FunctionalInterface
    public interface CardSource {
        /**
         * The card, or null when there is none now (the card route answers 404, the catalog skips it).
         *
         * @param endpointUrl    this endpoint's public URL, where the card's server is reached
         * @param publicEndpoint true when anyone may call the endpoint (the card may then list tools)
         */
        dev.switchboard.protocol.cards.ServerCard card(String endpointUrl, boolean publicEndpoint);
    }

    /** A builder serving {@code server}. */
    public static Builder builder(McpServer server) {
        return new Builder(server);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The MCP endpoint URL, e.g. {@code http://127.0.0.1:8080/mcp}. */
    public URI endpoint() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + path);
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Ends listen streams gracefully, cancels session GET streams and whatever still runs, then
     * stops accepting and closes connections.
     */
    @Override
    public void close() {
        server.close();
        try {
            Thread.sleep(50); // lets listen streams write their completion result
            streams.cancelAll();
            jetty.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("failed to stop HTTP server", e);
        } finally {
            streams.close();
        }
    }

    /** Configures and starts an {@link McpHttpServer}. */
    public static final class Builder {
        private final McpServer server;
        private String host = "127.0.0.1";
        private int port = 8080;
        private String path = "/mcp";
        private int maxBodyBytes = 4 * 1024 * 1024;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private Duration keepAlive = Duration.ofSeconds(5);
        private int acceptQueue = 1024;
        private final Set<String> allowedOrigins = new HashSet<>();
        private final Set<String> allowedHosts = new HashSet<>();
        private Authenticator authenticator = Authenticator.ANONYMOUS;
        private java.util.function.Supplier<JsonObject> health = () -> HEALTHY;
        private URI publicOrigin;
        private final Map<String, Route> routes = new LinkedHashMap<>();
        private final Map<String, CardSource> cards = new LinkedHashMap<>();
        private final Map<String, ApiRoute> apis = new LinkedHashMap<>();

        private Builder(McpServer server) {
            this.server = Objects.requireNonNull(server, "server");
        }

        /** Interface to bind (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind; 0 picks a free one (default 8080). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Path of the MCP endpoint (default {@code /mcp}). */
        public Builder path(String path) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with /: " + path);
            }
            this.path = path;
            return this;
        }

        /** Largest request body accepted; larger ones get 413 (default 4 MiB). */
        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** Idle timeout of connections (default 5 minutes). */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * How long a response may stay quiet before it gets an SSE keep-alive comment (default 5 s).
         * It also bounds how late a client that disconnected during a long call is noticed.
         */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /** Pending-connection backlog of the listening socket (default 1024). */
        public Builder acceptQueue(int acceptQueue) {
            this.acceptQueue = acceptQueue;
            return this;
        }

        /** Allows browsers from {@code origin} (e.g. {@code https://app.example.com}). */
        public Builder allowOrigin(String origin) {
            allowedOrigins.add(origin.toLowerCase(Locale.ROOT));
            return this;
        }

        /** Accepts {@code host} in the Host header when bound to loopback (e.g. behind a local proxy). */
        public Builder allowHost(String host) {
            allowedHosts.add(host.toLowerCase(Locale.ROOT));
            return this;
        }

        /**
         * Identifies callers (default: everyone is {@link dev.switchboard.server.Principal#ANONYMOUS}).
         * {@code /healthz} is not authenticated.
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /**
         * What {@code GET /healthz} answers (always HTTP 200 while the process serves): by default
         * {@code {"status":"ok"}}; a gateway adds the state of each upstream. Called per request,
         * on the request's thread; keep it cheap.
         */
        public Builder health(java.util.function.Supplier<JsonObject> health) {
            this.health = Objects.requireNonNull(health, "health");
            return this;
        }

        /**
         * The {@code scheme://host[:port]} clients reach this server at, e.g. behind a proxy, used for
         * the URLs in the Server Card and the AI Catalog (default: each request's own Host).
         */
        public Builder publicOrigin(URI origin) {
            if (origin.getScheme() == null || origin.getHost() == null) {
                throw new IllegalArgumentException("public origin must be scheme://host[:port], got " + origin);
            }
            this.publicOrigin = origin;
            return this;
        }

        /**
         * Serves another Server Card at {@code path + "/server-card"}, listed in the AI Catalog too,
         * for a server reached through this endpoint (a gateway's upstreams). {@code card} gets this
         * endpoint's public URL and whether the endpoint is public (so a card may list tools), and
         * returns the card or throws {@code InvalidDocumentException} / returns null when it has none.
         *
         * @throws IllegalArgumentException when {@code path} is not absolute or is taken
         */
        public Builder card(String path, CardSource card) {
            if (!path.startsWith("/") || path.endsWith("/") || cards.containsKey(path)) {
                throw new IllegalArgumentException("a card path must be absolute, without a trailing /, and unique: " + path);
            }
            cards.put(path, Objects.requireNonNull(card, "card"));
            return this;
        }

        /**
         * Serves {@code route} for {@code GET}/{@code HEAD} at exactly {@code path} (no prefix matching),
         * unauthenticated, e.g. {@code /.well-known/oauth-protected-resource/mcp}.
         *
         * @throws IllegalArgumentException when {@code path} does not start with {@code /} or already has a route
         */
        public Builder route(String path, Route route) {
            Objects.requireNonNull(route, "route");
            if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
                throw new IllegalArgumentException("a route path must start with / and have no query or fragment: " + path);
            }
            if (routes.putIfAbsent(path, route) != null) {
                throw new IllegalArgumentException("two routes for " + path);
            }
            return this;
        }

        /**
         * Serves {@code api} for every method and path under {@code prefix} (the prefix itself and
         * everything below {@code prefix/}), e.g. {@code /v0.1}. Request bodies are held to
         * {@link #maxBodyBytes}. An encoded {@code /} ({@code %2F}) is then allowed in paths.
         *
         * @throws IllegalArgumentException when {@code prefix} is not {@code /segment[/segment…]} or is mounted twice
         */
        public Builder api(String prefix, ApiRoute api) {
            Objects.requireNonNull(api, "api");
            if (!prefix.matches("(/[^/?#]+)+")) {
                throw new IllegalArgumentException("an API prefix must be /segment[/segment...] without a trailing /: " + prefix);
            }
            if (apis.putIfAbsent(prefix, api) != null) {
                throw new IllegalArgumentException("two APIs under " + prefix);
            }
            return this;
        }

        /**
         * Starts the server.
         *
         * @throws IllegalStateException when a route's path is one the server serves itself: the
         *                               endpoint, {@code /healthz}, the Server Card or the AI Catalog
         */
        public McpHttpServer start() throws Exception {
            for (String own : List.of(path, "/healthz", path + dev.switchboard.protocol.cards.ServerCard.PATH_SUFFIX,
                    dev.switchboard.protocol.cards.AiCatalog.WELL_KNOWN_PATH)) {
                if (routes.containsKey(own)) {
                    throw new IllegalStateException("a route may not take " + own + ", which the server serves itself");
                }
                for (String prefix : apis.keySet()) {
                    if (own.equals(prefix) || own.startsWith(prefix + "/")) {
                        throw new IllegalStateException("the API under " + prefix + " would cover " + own
                                + ", which the server serves itself");
                    }
                }
            }
            if (cards.containsKey(path)) {
                throw new IllegalStateException("another card may not take " + path + ", the endpoint's own card path");
            }
            for (String card : cards.keySet()) {
                String served = card + dev.switchboard.protocol.cards.ServerCard.PATH_SUFFIX;
                if (routes.containsKey(served)) {
                    throw new IllegalStateException("a route may not take " + served + ", a Server Card served here");
                }
            }
            return new McpHttpServer(this);
        }
    }
}
