package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigFile;
import dev.switchboard.config.Settings;
import dev.switchboard.config.Settings.Key;
import dev.switchboard.outbound.AddressClass;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.registry.DemoCatalog;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.RegistryServer;
import dev.switchboard.registry.source.Crawler;
import dev.switchboard.registry.source.Fetcher;
import dev.switchboard.registry.source.Source;
import dev.switchboard.registry.store.EmbeddedEntryStore;
import dev.switchboard.registry.store.EntryStore;
import dev.switchboard.registry.store.PostgresEntryStore;
import dev.switchboard.registry.store.PostgresUrl;
import dev.switchboard.state.seal.KeyRing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code switchboard registry}: a registry of MCP servers, serving the official read API under
 * {@code /v0.1} and an MCP endpoint with {@code search_servers} and {@code get_server}, filled from
 * files, Server Cards, AI Catalogs and other registries (crawled again every interval). Without
 * sources it lists a small demo catalog. Settings: flags, then {@code SWITCHBOARD_*} variables,
 * then {@code --config} (schema: {@code schemas/registry.schema.json}).
 */
@Command(name = "registry", mixinStandardHelpOptions = true, sortOptions = false, subcommands = RegistryCommand.Errors.class,
        description = {"Run a registry of MCP servers: the official read API (/v0.1/servers...) and an MCP endpoint "
                + "(search_servers, get_server) on one port.",
                "Settings come from flags, then SWITCHBOARD_* variables, then --config FILE, then defaults."})
final class RegistryCommand implements Callable<Integer> {
    static final Key DATA = new Key("--data", "SWITCHBOARD_REGISTRY_DATA", "/store/directory");
    static final Key STORE = new Key("--store", "SWITCHBOARD_REGISTRY_STORE", "/store/url");
    static final Key SOURCES = new Key("--source", "SWITCHBOARD_REGISTRY_SOURCES", null);
    static final Key DEMO = new Key("--demo", "SWITCHBOARD_REGISTRY_DEMO", "/demo");
    static final Key INTERVAL = new Key("--crawl-interval", "SWITCHBOARD_REGISTRY_CRAWL_INTERVAL", "/crawl/interval");
    static final Key PER_HOST = new Key("--crawl-per-host", "SWITCHBOARD_REGISTRY_CRAWL_PER_HOST", "/crawl/perHost");
    static final Key ATTEMPTS = new Key("--crawl-attempts", "SWITCHBOARD_REGISTRY_CRAWL_ATTEMPTS", "/crawl/attempts");
    static final Key TIMEOUT = new Key("--crawl-timeout", "SWITCHBOARD_REGISTRY_CRAWL_TIMEOUT", "/crawl/timeout");
    static final Key PRIVATE = new Key("--crawl-allow-private", "SWITCHBOARD_REGISTRY_ALLOW_PRIVATE", "/crawl/allowPrivateNetworks");
    static final Key PUBLISH = new Key("--publish", "SWITCHBOARD_REGISTRY_PUBLISH", "/publish");
    static final int DEFAULT_PORT = 8090;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT, description = "YAML configuration file (env SWITCHBOARD_CONFIG).")
    Path config;

    @Option(names = "--host", description = "Interface to listen on (env SWITCHBOARD_HOST; default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (env SWITCHBOARD_PORT; default 8090).")
    Integer port;

    @Option(names = "--path", description = "Path of the MCP endpoint (env SWITCHBOARD_PATH; default /mcp). The read API is under /v0.1.")
    String path;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "Largest request body (env SWITCHBOARD_MAX_BODY; default 1048576).")
    Integer maxBody;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "An extra allowed browser Origin (repeatable; env SWITCHBOARD_ALLOW_ORIGINS).")
    List<String> origins;

    @Option(names = "--keys", paramLabel = "FILE", description = "Key-ring file sealing listing cursors (env SWITCHBOARD_KEYS; default: a random key).")
    Path keys;

    @Option(names = "--data", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Keep entries in DIR across restarts (env SWITCHBOARD_REGISTRY_DATA; default: memory only).")
    Path data;

    @Option(names = "--store", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Keep entries in PostgreSQL, shared by every instance given the same URL: "
                    + "postgresql://[user[:password]@]host[:port]/database (env SWITCHBOARD_REGISTRY_STORE; default: embedded).")
    String store;

    @Option(names = "--source", paramLabel = "KIND:LOCATION", scope = ScopeType.INHERIT,
            description = "A source, read in the order given: files:PATH, card:URL, catalog:URL or registry:URL "
                    + "(repeatable; env SWITCHBOARD_REGISTRY_SOURCES, comma-separated).")
    List<String> sources;

    @Option(names = "--demo", negatable = true, scope = ScopeType.INHERIT,
            description = "List the bundled demo entries too (env SWITCHBOARD_REGISTRY_DEMO; default: only when there is no source).")
    Boolean demo;

    @Option(names = "--crawl-interval", paramLabel = "DURATION",
            description = "Read the sources again this often; 0s reads them once (env SWITCHBOARD_REGISTRY_CRAWL_INTERVAL; default 1h).")
    String interval;

    @Option(names = "--crawl-per-host", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "The most concurrent requests to one host (default 4).")
    Integer perHost;

    @Option(names = "--crawl-attempts", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Tries per document when a host fails or is busy (default 3).")
    Integer attempts;

    @Option(names = "--crawl-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
            description = "How long one fetch may take (default 10s).")
    String timeout;

    @Option(names = "--crawl-allow-private", scope = ScopeType.INHERIT,
            description = "Let crawled URLs be plain http on loopback or private networks (env SWITCHBOARD_REGISTRY_ALLOW_PRIVATE; development only).")
    Boolean allowPrivate;

    @Option(names = "--publish", description = "Accept POST /v0.1/publish from publishers who prove their namespace with a "
            + "signed /.well-known/mcp-registry-auth key file (env SWITCHBOARD_REGISTRY_PUBLISH).")
    Boolean publish;

    /** Set while serving, so tests can stop it. */
    volatile RegistryServer running;

    /** The settings, resolved and checked. */
    record Resolved(String host, int port, String path, int maxBody, List<String> origins, Path keys, Path data,
                    PostgresUrl store, List<Source> sources, boolean demo, Duration interval, int perHost, int attempts, Duration timeout,
                    boolean allowPrivate, boolean publish) {
    }

    Resolved resolve(Map<String, String> env) {
        String fromEnv = env.get("SWITCHBOARD_CONFIG");
        Path file = config != null ? config : fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
        ConfigFile cf = file == null ? ConfigFile.none() : ConfigFile.load(file, Schemas.load("registry"));
        Settings s = new Settings(cf, env);
        List<Source> list = sources(s, cf);
        Settings.Value<Duration> every = s.duration(INTERVAL, interval, Duration.ofHours(1));
        if (!every.value().isZero() && every.value().compareTo(Duration.ofSeconds(10)) < 0) {
            throw new ConfigException(every.source() + ": the crawl interval must be 0s (read once) or at least 10s, got "
                    + every.value());
        }
        Settings.Value<Integer> hostLimit = s.integer(PER_HOST, perHost, 4);
        Settings.Value<Integer> tries = s.integer(ATTEMPTS, attempts, 3);
        if (hostLimit.value() < 1 || tries.value() < 1) {
            throw new ConfigException((hostLimit.value() < 1 ? hostLimit.source() : tries.source()) + ": must be at least 1");
        }
        Settings.Value<Path> dir = s.path(DATA, data);
        Settings.Value<String> db = s.string(STORE, store, null);
        PostgresUrl postgres = null;
        if (db.value() != null) {
            try {
                postgres = PostgresUrl.parse(db.value());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(db.source() + ": " + e.getMessage());
            }
            if (dir.value() != null) {
                throw new ConfigException(dir.source() + " and " + db.source() + " both say where entries live: "
                        + "give a directory (embedded, one instance) or a PostgreSQL URL (several instances), not both");
            }
        }
        return new Resolved(s.string(EndpointOptions.HOST, host, "127.0.0.1").value(),
                s.integer(EndpointOptions.PORT, port, DEFAULT_PORT).value(), s.string(EndpointOptions.PATH, path, "/mcp").value(),
                s.integer(EndpointOptions.MAX_BODY, maxBody, 1024 * 1024).value(),
                s.strings(EndpointOptions.ORIGINS, origins).value(), s.path(EndpointOptions.KEYS, keys).value(),
                dir.value(), postgres, list, s.bool(DEMO, demo, list.isEmpty()).value(), every.value(),
                hostLimit.value(), tries.value(), s.duration(TIMEOUT, timeout, Duration.ofSeconds(10)).value(),
                s.bool(PRIVATE, allowPrivate, false).value(), s.bool(PUBLISH, publish, false).value());
    }

    /** Sources from --source or the variable as KIND:LOCATION, else from the file's list of {kind: location}. */
    private List<Source> sources(Settings s, ConfigFile cf) {
        Settings.Value<List<String>> given = s.strings(SOURCES, sources);
        List<Source> out = new ArrayList<>();
        if (!given.value().isEmpty()) {
            for (String text : given.value()) {
                int colon = text.indexOf(':');
                out.add(source(colon < 0 ? "" : text.substring(0, colon), colon < 0 ? "" : text.substring(colon + 1),
                        given.source() + " \"" + text + "\"", null));
            }
            return out;
        }
        if (cf.at("/sources") instanceof JsonArray list) {
            for (int i = 0; i < list.size(); i++) {
                JsonObject item = list.get(i).asObject();
                Map.Entry<String, Json> only = item.members().entrySet().iterator().next(); // the schema allows exactly one
                out.add(source(only.getKey(), only.getValue().asString(), cf.where("/sources/" + i), cf.file()));
            }
        }
        return out;
    }

    private static Source source(String kind, String location, String where, Path configFile) {
        if (location.isBlank()) {
            throw new ConfigException(where + ": a source is KIND:LOCATION with KIND one of files, card, catalog, registry");
        }
        return switch (kind) {
            case "files" -> {
                Path p = Path.of(location);
                yield new Source.Files(p.isAbsolute() || configFile == null ? p
                        : configFile.toAbsolutePath().getParent().resolve(p));
            }
            case "card" -> new Source.Card(url(location, where));
            case "catalog" -> new Source.Catalog(url(location, where));
            case "registry" -> new Source.Upstream(url(location, where));
            default -> throw new ConfigException(where + ": unknown source kind \"" + kind
                    + "\"; use files:PATH, card:URL, catalog:URL or registry:URL");
        };
    }

    private static URI url(String text, String where) {
        try {
            URI uri = new URI(text.strip());
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException(where + ": \"" + text + "\" is not an http(s) URL");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(where + ": \"" + text + "\" is not a URL: " + e.getReason());
        }
    }

    /** A registry and the crawler that fills it, as configured. */
    record Assembly(Registry registry, Crawler crawler, SafeHttpClient http) implements AutoCloseable {
        @Override
        public void close() {
            if (http != null) {
                http.close();
            }
            registry.close();
        }
    }

    static Assembly assemble(Resolved r, PrintWriter progress) {
        EntryStore store = r.store() != null ? PostgresEntryStore.open(r.store())
                : r.data() != null ? EmbeddedEntryStore.persistent(r.data()) : EmbeddedEntryStore.inMemory();
        Registry registry = new Registry(store, Clock.systemUTC());
        if (r.demo()) {
            DemoCatalog.offerTo(registry);
        }
        SafeHttpClient http = null;
        Fetcher fetcher = null;
        if (r.publish() || r.sources().stream().anyMatch(s -> !(s instanceof Source.Files))) {
            SafeHttpClient.Builder b = SafeHttpClient.builder().timeout(r.timeout());
            if (r.allowPrivate()) {
                b.allowHttp(true).allow(AddressClass.LOOPBACK, AddressClass.PRIVATE, AddressClass.UNIQUE_LOCAL);
            }
            http = b.build();
            fetcher = new Fetcher(http, r.perHost(), r.attempts(), Duration.ofMillis(500));
        }
        Crawler crawler = new Crawler(registry, fetcher, line -> {
            progress.println(line);
            progress.flush();
        });
        return new Assembly(registry, crawler, http);
    }

    @Override
    public Integer call() throws Exception {
        Resolved r = resolve(System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        Assembly a = assemble(r, out);
        if (!r.sources().isEmpty()) {
            a.crawler().crawl(r.sources());
        }
        RegistryServer.Builder b = RegistryServer.builder(a.registry()).host(r.host()).port(r.port()).path(r.path())
                .maxBodyBytes(r.maxBody());
        if (r.keys() != null) {
            b.keyRing(KeyRing.read(r.keys()));
        }
        r.origins().forEach(b::allowOrigin);
        if (r.publish()) {
            b.publishing(a.http());
        }
        RegistryServer server = b.start();
        running = server;
        var recrawl = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("registry-crawl").factory());
        if (!r.interval().isZero() && !r.sources().isEmpty()) {
            recrawl.scheduleWithFixedDelay(() -> {
                try {
                    a.crawler().crawl(r.sources());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    out.println("crawl failed: " + e);
                    out.flush();
                }
            }, r.interval().toMillis(), r.interval().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        Runnable stop = () -> {
            recrawl.shutdownNow();
            server.close();
            a.close();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "switchboard-registry-shutdown"));
        out.println("Switchboard registry: " + a.registry().all().size() + " entries, " + a.registry().rejections().size()
                + " rejected; MCP endpoint " + server.endpoint() + ", read API " + server.apiBase() + "/v0.1/servers"
                + (r.interval().isZero() || r.sources().isEmpty() ? "" : "; crawling every " + r.interval())
                + (r.publish() ? "; publishing at POST /v0.1/publish" : ""));
        out.flush();
        server.join();
        return 0;
    }

    /** {@code switchboard registry errors}: reads the sources once and lists what was refused, and why. */
    @Command(name = "errors", mixinStandardHelpOptions = true,
            description = {"Read the configured sources once and list every invalid or refused entry with its reason.",
                    "Exits 0 when there is none, " + ExitCodes.INVALID_ENTRIES + " when there is any."})
    static final class Errors implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        RegistryCommand parent;

        @Override
        public Integer call() throws Exception {
            Resolved r = parent.resolve(System.getenv());
            PrintWriter out = spec.commandLine().getOut();
            try (Assembly a = assemble(r, spec.commandLine().getErr())) {
                a.crawler().crawl(r.sources());
                var rejections = a.registry().rejections();
                if (rejections.isEmpty()) {
                    out.println("No invalid entries (" + a.registry().all().size() + " valid).");
                    return 0;
                }
                out.println(rejections.size() + " invalid entr" + (rejections.size() == 1 ? "y" : "ies") + " ("
                        + a.registry().all().size() + " valid):");
                for (var rej : rejections) {
                    out.println();
                    out.println("  " + (rej.name() == null ? "(unnamed)" : rej.name() + (rej.version() == null ? "" : "@" + rej.version())));
                    out.println("    from   " + rej.provenance().location() + (rej.provenance().location()
                            .equals(rej.provenance().source()) ? "" : "  (" + rej.provenance().source() + ")"));
                    out.println("    reason " + rej.reason());
                }
                return ExitCodes.INVALID_ENTRIES;
            }
        }
    }
}
