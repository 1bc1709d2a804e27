package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigFile;
import dev.switchboard.config.Settings;
import dev.switchboard.config.Settings.Key;
import dev.switchboard.examples.DemoServer;
import dev.switchboard.examples.FixtureServer;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.limit.RateLimit;
import dev.switchboard.server.stdio.StdioTransport;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.redis.RedisState;
import dev.switchboard.state.seal.KeyRing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code switchboard serve}: runs the demo server (or the conformance fixture) on HTTP or stdio.
 * Every setting comes from a flag, a {@code SWITCHBOARD_*} variable or the {@code --config} file,
 * in that order (schema: {@code schemas/serve.schema.json}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the demo MCP server (or the conformance fixture) over Streamable HTTP or stdio.",
                "Settings come from flags, then SWITCHBOARD_* variables, then --config FILE, then defaults."})
final class ServeCommand implements Callable<Integer> {
    static final Key APP = new Key("--fixture", "SWITCHBOARD_APP", "/server/app");
    static final Key INSTANCE_ID = new Key("--instance-id", "SWITCHBOARD_INSTANCE_ID", "/deployment/instanceId");
    static final Key TASK_LEASE = new Key("--task-lease", "SWITCHBOARD_TASK_LEASE", "/deployment/taskLease");
    static final Key RATE = new Key("--rate-limit", "SWITCHBOARD_RATE_LIMIT", null);
    static final Key RATE_PER = new Key("--rate-limit-per", "SWITCHBOARD_RATE_LIMIT_PER", "/limits/rate/per");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Option(names = "--fixture", description = "Serve the conformance fixture server instead of the demo.")
    boolean fixture;

    @Option(names = "--stdio", description = "Serve on stdin/stdout (newline-delimited JSON-RPC) instead of HTTP.")
    boolean stdio;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "This process's name as the executor of tasks, unique in the deployment (env SWITCHBOARD_INSTANCE_ID; "
                    + "default HOST-PID-RANDOM).")
    String instanceId;

    @Option(names = "--task-lease", paramLabel = "DURATION",
            description = "How long a task's executor lease lasts without renewal; a task whose instance died is taken over "
                    + "by another within about 1.5 leases (env SWITCHBOARD_TASK_LEASE; default 30s).")
    String taskLease;

    @Option(names = "--rate-limit", paramLabel = "N/WINDOW",
            description = "Allow N requests per WINDOW (e.g. 600/1m), counted across all instances (env SWITCHBOARD_RATE_LIMIT).")
    String rateLimit;

    @Option(names = "--rate-limit-per", paramLabel = "SCOPE",
            description = "What one rate budget covers: principal, tool, or principal-and-tool (env SWITCHBOARD_RATE_LIMIT_PER; default principal).")
    String rateLimitPer;

    @CommandLine.Mixin
    GovernanceOptions governance = new GovernanceOptions();

    /** The settings this command runs with, resolved and checked. */
    record Resolved(String app, String host, int port, String path, int maxBody, List<String> origins,
                    URI state, Path keys, int instances, RateLimitSetting rateLimit, String instanceId,
                    Duration taskLease, GovernanceOptions.Resolved governance) {
    }

    /** {@code permits} requests per {@code window} per {@code per}. */
    record RateLimitSetting(long permits, Duration window, RateLimit.Per per) {
    }

    /** Resolves every setting from flags, {@code env} and the configuration file, and checks they fit together. */
    Resolved resolve(java.util.Map<String, String> env) {
        Path file = endpoint.configFile(env);
        ConfigFile cf = file == null ? ConfigFile.none() : ConfigFile.load(file, Schemas.load("serve"));
        Settings s = new Settings(cf, env);
        String app = s.string(APP, fixture ? "fixture" : null, "demo").value();
        EndpointOptions.Deployment d = endpoint.deployment(s, "each instance's sessions, subscriptions and limits");
        Settings.Value<Duration> lease = s.duration(TASK_LEASE, taskLease, Duration.ofSeconds(30));
        if (lease.value().compareTo(Duration.ofMillis(100)) < 0) {
            throw new ConfigException(lease.source() + ": the task lease must be at least 100ms, got " + lease.value());
        }
        Settings.Value<String> id = s.string(INSTANCE_ID, instanceId, defaultInstanceId());
        if (id.value().isBlank()) {
            throw new ConfigException(id.source() + ": the instance id must not be blank");
        }
        EndpointOptions.Listen l = endpoint.listen(s);
        String server = "fixture".equals(app) ? FixtureServer.NAME : DemoServer.NAME;
        return new Resolved(app, l.host(), l.port(), l.path(), l.maxBody(), l.origins(), d.state(), d.keys(), d.instances(),
                rateLimit(s, cf), id.value().strip(), lease.value(),
                governance.resolve(s, cf, l, d.state(), server, id.value().strip()));
    }

    /** HOST-PID-RANDOM: unique per process, and readable in logs and in tasks/get's executor _meta. */
    static String defaultInstanceId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
    }

    private RateLimitSetting rateLimit(Settings s, ConfigFile cf) {
        Settings.Value<String> spec = s.string(RATE, rateLimit, null);
        long permits;
        Duration window;
        if (spec.isSet()) {
            int slash = spec.value().indexOf('/');
            try {
                permits = Long.parseLong(spec.value().substring(0, Math.max(0, slash)).strip());
                window = Settings.parseDuration(spec.value().substring(slash + 1));
            } catch (RuntimeException e) {
                throw new ConfigException(spec.source() + ": \"" + spec.value() + "\" is not N/WINDOW, e.g. 600/1m");
            }
        } else if (cf.at("/limits/rate") != null) {
            permits = s.integer(new Key(null, null, "/limits/rate/requests"), null, null).value();
            window = s.duration(new Key(null, null, "/limits/rate/window"), null, null).value();
        } else {
            return null;
        }
        Settings.Value<String> per = s.string(RATE_PER, rateLimitPer, "principal");
        RateLimit.Per scope = switch (per.value().strip().toLowerCase(Locale.ROOT)) {
            case "principal" -> RateLimit.Per.PRINCIPAL;
            case "tool" -> RateLimit.Per.TOOL;
            case "principal-and-tool" -> RateLimit.Per.PRINCIPAL_AND_TOOL;
            default -> throw new ConfigException(per.source() + ": \"" + per.value()
                    + "\" is not one of principal, tool, principal-and-tool");
        };
        if (permits < 1 || window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException((spec.isSet() ? spec.source() : cf.where("/limits/rate"))
                    + ": a rate limit needs at least 1 request per window of at least 1s");
        }
        return new RateLimitSetting(permits, window, scope);
    }

    static RedisState connect(URI uri) {
        try {
            return RedisState.connect(uri);
        } catch (RuntimeException e) {
            throw new ConfigException("cannot reach the state store at " + uri + ": " + e.getMessage(), e);
        }
    }

    /** A running HTTP endpoint with its governance and shared state; closing stops them in that order. */
    record Running(McpServer server, McpHttpServer http, Governance governance, RedisState shared) implements AutoCloseable {
        @Override
        public void close() {
            http.close();
            server.close();
            governance.close(); // after the server: drains the audit queue and writes a last checkpoint
            if (shared != null) {
                shared.close();
            }
        }
    }

    /** Starts the HTTP endpoint {@code r} describes (tests run it in-process). */
    Running start(Resolved r) throws Exception {
        KeyRing ring = r.keys() == null ? null : KeyRing.read(r.keys());
        RedisState shared = r.state() == null ? null : connect(r.state());
        Governance governed = Governance.start(r.governance(), shared, ring, true, serverName(r), r.instanceId());
        McpServer server = build(r, ring, shared, governed);
        McpHttpServer.Builder b = McpHttpServer.builder(server).host(r.host()).port(r.port()).path(r.path())
                .maxBodyBytes(r.maxBody());
        r.origins().forEach(b::allowOrigin);
        governed.protect(b);
        McpHttpServer http = b.start();
        governed.listening(http.endpoint());
        return new Running(server, http, governed, shared);
    }

    private static String serverName(Resolved r) {
        return "fixture".equals(r.app()) ? FixtureServer.NAME : DemoServer.NAME;
    }

    private static McpServer build(Resolved r, KeyRing ring, RedisState shared, Governance governed) {
        Counters counters = shared != null ? shared.store() : new InMemoryStore();
        java.util.function.Consumer<McpServer.Builder> deployment = b -> {
            if (ring != null) {
                b.keyRing(ring);
            }
            b.counters(counters);
            if (shared != null) {
                b.eventBus(shared.bus()).keyValue(shared.store()).taskStore(shared.tasks());
            }
            b.instanceId(r.instanceId()).taskLease(r.taskLease());
            governed.install(b); // authenticate (scopes) → policy, before rate limits and the handler
            if (r.rateLimit() != null) {
                b.interceptor(new RateLimit(counters, r.rateLimit().permits(), r.rateLimit().window(), r.rateLimit().per()));
            }
        };
        return "fixture".equals(r.app()) ? FixtureServer.create(deployment) : DemoServer.create(deployment);
    }

    @Override
    public Integer call() throws Exception {
        Resolved r = resolve(System.getenv());
        if (stdio) {
            KeyRing ring = r.keys() == null ? null : KeyRing.read(r.keys());
            RedisState shared = r.state() == null ? null : connect(r.state());
            Governance governed = Governance.start(r.governance(), shared, ring, false, serverName(r), r.instanceId());
            McpServer server = build(r, ring, shared, governed);
            System.err.println("switchboard: serving " + server.info().name() + " on stdio");
            new StdioTransport(server, System.in, System.out).run();
            server.close();
            governed.close();
            return 0;
        }
        Running running = start(r);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "switchboard-shutdown"));
        spec.commandLine().getOut().println("Switchboard MCP server (" + running.server().info().name() + ") listening on "
                + running.http().endpoint() + (running.shared() == null ? "" : " (shared state " + r.state() + ", "
                + r.instances() + " instances)") + " as instance " + running.server().instanceId()
                + (running.governance().describe().isEmpty() ? "" : "; " + running.governance().describe()));
        spec.commandLine().getOut().flush();
        running.http().join();
        return 0;
    }
}
