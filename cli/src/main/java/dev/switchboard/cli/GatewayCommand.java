package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigFile;
import dev.switchboard.config.Settings;
import dev.switchboard.config.Settings.Key;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.UpstreamConfig;
import dev.switchboard.gateway.UpstreamStatus;
import dev.switchboard.gateway.pinning.Pins;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.redis.RedisState;
import dev.switchboard.state.seal.KeyRing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code switchboard gateway}: one MCP endpoint in front of the upstream servers of a
 * configuration file (schema: {@code schemas/gateway.schema.json}). Server settings come from a
 * flag, a {@code SWITCHBOARD_*} variable or the file, in that order, as for {@code serve};
 * upstreams from the file or {@code --upstream NAME=URL}.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, sortOptions = false, subcommands = GatewayPinsCommand.class,
        description = {"Serve one MCP endpoint in front of many upstream MCP servers (HTTP or stdio, either era).",
                "Settings come from flags, then SWITCHBOARD_* variables, then --config FILE, then defaults."})
final class GatewayCommand implements Callable<Integer> {
    static final Key UPSTREAMS = new Key("--upstream", "SWITCHBOARD_UPSTREAMS", null);
    static final Key LISTENER_LEASE = new Key("--listener-lease", "SWITCHBOARD_LISTENER_LEASE", "/deployment/listenerLease");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @CommandLine.Mixin
    GovernanceOptions governance = new GovernanceOptions();

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "This process's name in audit records, unique in the deployment (env SWITCHBOARD_INSTANCE_ID; "
                    + "default HOST-PID-RANDOM).")
    String instanceId;

    @Option(names = "--listener-lease", paramLabel = "DURATION",
            description = "How long the lease of the one instance listening to each HTTP upstream lasts without renewal; "
                    + "when that instance dies another listens within about 4/3 of it (env SWITCHBOARD_LISTENER_LEASE; default 5s).")
    String listenerLease;

    @Option(names = "--upstream", paramLabel = "NAME=URL",
            description = "An HTTP upstream with default settings (repeatable; env SWITCHBOARD_UPSTREAMS, comma-separated); "
                    + "replaces a same-named one of the file.")
    List<String> upstreams = List.of();

    /** The settings this command runs with, resolved and checked. */
    record Resolved(String host, int port, String path, int maxBody, List<String> origins, URI state, Path keys,
                    int instances, List<UpstreamConfig> upstreams, String instanceId, Duration listenerLease,
                    GovernanceOptions.Resolved governance) {
    }

    /** The gateway's MCP name: what audit records name as the server, and rules see as {@code server} unless configured. */
    static final String NAME = "dev.switchboard/gateway";

    /** Resolves every setting from flags, {@code env} and the configuration file, and checks they fit together. */
    Resolved resolve(Map<String, String> env) {
        Path file = endpoint.configFile(env);
        ConfigFile cf = file == null ? ConfigFile.none() : ConfigFile.load(file, Schemas.load("gateway"));
        Settings s = new Settings(cf, env);
        List<UpstreamConfig> ups = GatewayUpstreams.read(cf, s.strings(UPSTREAMS, upstreams), env);
        if (ups.isEmpty()) {
            throw new ConfigException((file == null ? "no --config file" : file.toString())
                    + ": a gateway needs at least one upstream: declare them under 'upstreams:' or give --upstream NAME=URL");
        }
        EndpointOptions.Deployment d = endpoint.deployment(s, "their cursors, sessions and change fan-out");
        EndpointOptions.Listen l = endpoint.listen(s);
        Settings.Value<String> id = s.string(ServeCommand.INSTANCE_ID, instanceId, ServeCommand.defaultInstanceId());
        if (id.value().isBlank()) {
            throw new ConfigException(id.source() + ": the instance id must not be blank");
        }
        Settings.Value<Duration> lease = s.duration(LISTENER_LEASE, listenerLease, Duration.ofSeconds(5));
        if (lease.value().compareTo(Duration.ofMillis(300)) < 0) {
            throw new ConfigException(lease.source() + ": the listener lease must be at least 300ms, got " + lease.value());
        }
        return new Resolved(l.host(), l.port(), l.path(), l.maxBody(), l.origins(), d.state(), d.keys(), d.instances(), ups,
                id.value().strip(), lease.value(), governance.resolve(s, cf, l, d.state(), NAME, id.value().strip()));
    }

    /** A running gateway endpoint with its governance and shared state; closing stops them in that order. */
    record Running(Gateway gateway, McpHttpServer http, Governance governance, RedisState shared) implements AutoCloseable {
        @Override
        public void close() {
            http.close();
            gateway.close();
            governance.close(); // after the gateway: drains the audit queue and writes a last checkpoint
            if (shared != null) {
                shared.close();
            }
        }
    }

    /** Starts the gateway {@code r} describes (tests run it in-process). */
    Running start(Resolved r) throws Exception {
        KeyRing ring = r.keys() == null ? null : KeyRing.read(r.keys());
        RedisState shared = r.state() == null ? null : ServeCommand.connect(r.state());
        Gateway.Builder gb = Gateway.builder(NAME, VersionProvider.version());
        r.upstreams().forEach(gb::upstream);
        gb.listenerLease(r.listenerLease());
        Governance governed = Governance.start(r.governance(), shared, ring, true, NAME, r.instanceId());
        java.util.concurrent.atomic.AtomicReference<Gateway> started = new java.util.concurrent.atomic.AtomicReference<>();
        governed.install(gb, started::get); // authenticate (scopes) → policy, before anything is forwarded
        if (shared != null) {
            gb.pins(new Pins(shared.store(), shared.bus())); // every instance, and 'gateway pins', see the same pins
        }
        if (ring != null) {
            gb.keyRing(ring); // the same ring as serve: cursors, session ids and task handles open on every instance
        }
        gb.server(b -> {
            b.instanceId(r.instanceId());
            if (shared != null) {
                // the gateway's own tasks (of upstreams that cannot run them) are read and answered on every instance
                b.eventBus(shared.bus()).keyValue(shared.store()).counters(shared.store()).taskStore(shared.tasks());
            } else {
                b.counters(new InMemoryStore());
            }
        });
        Gateway gateway = gb.start();
        started.set(gateway);
        McpHttpServer.Builder hb = McpHttpServer.builder(gateway.server()).host(r.host()).port(r.port()).path(r.path())
                .maxBodyBytes(r.maxBody()).health(gateway::health);
        r.origins().forEach(hb::allowOrigin);
        governed.protect(hb);
        // a Server Card per upstream, as served here (renamed, pinned), beside the gateway's own and in its AI Catalog
        boolean listTools = !governed.hasPolicy();
        for (String upstream : gateway.upstreamNames()) {
            hb.card(r.path() + "/upstreams/" + upstream,
                    (url, publicEndpoint) -> gateway.upstreamCard(upstream, url, publicEndpoint && listTools).orElse(null));
        }
        McpHttpServer http = hb.start();
        governed.listening(http.endpoint());
        return new Running(gateway, http, governed, shared);
    }

    @Override
    public Integer call() throws Exception {
        Resolved r = resolve(System.getenv());
        Running running = start(r);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "switchboard-shutdown"));
        spec.commandLine().getOut().println("Switchboard gateway listening on " + running.http().endpoint() + " in front of "
                + running.gateway().upstreams().stream().map(GatewayCommand::describe).collect(Collectors.joining(", "))
                + (running.shared() == null ? "" : " (shared state " + r.state() + ", " + r.instances() + " instances)")
                + (running.governance().describe().isEmpty() ? "" : "; " + running.governance().describe()));
        spec.commandLine().getOut().flush();
        running.http().join();
        return 0;
    }

    private static String describe(UpstreamStatus s) {
        return s.name() + " (" + s.health().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
