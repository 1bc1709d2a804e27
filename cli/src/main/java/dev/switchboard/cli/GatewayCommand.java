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
    static final Key HOST = new Key("--host", "SWITCHBOARD_HOST", "/server/host");
    static final Key PORT = new Key("--port", "SWITCHBOARD_PORT", "/server/port");
    static final Key PATH = new Key("--path", "SWITCHBOARD_PATH", "/server/path");
    static final Key MAX_BODY = new Key("--max-body", "SWITCHBOARD_MAX_BODY", "/server/maxBodyBytes");
    static final Key ORIGINS = new Key("--allow-origin", "SWITCHBOARD_ALLOW_ORIGINS", "/server/allowedOrigins");
    static final Key STATE = new Key("--state", "SWITCHBOARD_STATE", "/state/uri");
    static final Key KEYS = new Key("--keys", "SWITCHBOARD_KEYS", "/state/keys");
    static final Key INSTANCES = new Key("--instances", "SWITCHBOARD_INSTANCES", "/deployment/instances");
    static final Key UPSTREAMS = new Key("--upstream", "SWITCHBOARD_UPSTREAMS", null);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (env SWITCHBOARD_CONFIG).")
    Path config;

    @Option(names = "--host", description = "Interface to listen on (env SWITCHBOARD_HOST; default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (env SWITCHBOARD_PORT; default 8080).")
    Integer port;

    @Option(names = "--path", description = "Path of the MCP endpoint (env SWITCHBOARD_PATH; default /mcp).")
    String path;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "Largest request body (env SWITCHBOARD_MAX_BODY; default 4194304).")
    Integer maxBody;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "An extra allowed browser Origin (repeatable; env SWITCHBOARD_ALLOW_ORIGINS, comma-separated).")
    List<String> origins = List.of();

    @Option(names = "--upstream", paramLabel = "NAME=URL",
            description = "An HTTP upstream with default settings (repeatable; env SWITCHBOARD_UPSTREAMS, comma-separated); "
                    + "replaces a same-named one of the file.")
    List<String> upstreams = List.of();

    @Option(names = "--keys", paramLabel = "FILE",
            description = "Key-ring file (from 'switchboard keys new'); share it across gateway instances so each accepts the "
                    + "others' cursors and session ids (env SWITCHBOARD_KEYS). Default: a random key per process.")
    Path keys;

    @Option(names = "--state", paramLabel = "URI",
            description = "Shared state for several instances: redis://HOST:PORT[/DB], or 'embedded' (env SWITCHBOARD_STATE; default embedded).")
    String state;

    @Option(names = "--instances", paramLabel = "N",
            description = "How many gateway instances serve this endpoint together (env SWITCHBOARD_INSTANCES; default 1). "
                    + "More than 1 requires --state redis://... and a shared --keys file.")
    Integer instances;

    /** The settings this command runs with, resolved and checked. */
    record Resolved(String host, int port, String path, int maxBody, List<String> origins, URI state, Path keys,
                    int instances, List<UpstreamConfig> upstreams) {
    }

    /** Resolves every setting from flags, {@code env} and the configuration file, and checks they fit together. */
    Resolved resolve(Map<String, String> env) {
        String fromEnv = env.get("SWITCHBOARD_CONFIG");
        Path file = config != null ? config : fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
        ConfigFile cf = file == null ? ConfigFile.none() : ConfigFile.load(file, Schemas.load("gateway"));
        Settings s = new Settings(cf, env);
        List<UpstreamConfig> ups = GatewayUpstreams.read(cf, s.strings(UPSTREAMS, upstreams), env);
        if (ups.isEmpty()) {
            throw new ConfigException((file == null ? "no --config file" : file.toString())
                    + ": a gateway needs at least one upstream: declare them under 'upstreams:' or give --upstream NAME=URL");
        }
        Settings.Value<String> stateValue = s.string(STATE, state, "embedded");
        URI stateUri = ServeCommand.stateUri(stateValue);
        Settings.Value<Path> keysValue = s.path(KEYS, keys);
        Settings.Value<Integer> instancesValue = s.integer(INSTANCES, instances, 1);
        if (instancesValue.value() < 1) {
            throw new ConfigException(instancesValue.source() + ": instances must be at least 1, got " + instancesValue.value());
        }
        if (instancesValue.value() > 1 && stateUri == null) {
            throw new ConfigException(instancesValue.source() + " declares " + instancesValue.value()
                    + " instances, but the state store is embedded (" + stateValue.source() + "): their cursors, sessions "
                    + "and change fan-out would not be shared. Use --state redis://HOST:PORT (and a shared --keys FILE).");
        }
        if (stateUri != null && !keysValue.isSet()) {
            throw new ConfigException(stateValue.source() + " shares state between instances, so they must also share a "
                    + "key ring: add --keys FILE (create one with 'switchboard keys new FILE')");
        }
        return new Resolved(s.string(HOST, host, "127.0.0.1").value(), s.integer(PORT, port, 8080).value(),
                s.string(PATH, path, "/mcp").value(), s.integer(MAX_BODY, maxBody, 4 * 1024 * 1024).value(),
                s.strings(ORIGINS, origins).value(), stateUri, keysValue.value(), instancesValue.value(), ups);
    }

    @Override
    public Integer call() throws Exception {
        Resolved r = resolve(System.getenv());
        KeyRing ring = r.keys() == null ? null : KeyRing.read(r.keys());
        RedisState shared = r.state() == null ? null : ServeCommand.connect(r.state());
        Gateway.Builder gb = Gateway.builder("dev.switchboard/gateway", VersionProvider.version());
        r.upstreams().forEach(gb::upstream);
        if (shared != null) {
            gb.pins(new Pins(shared.store(), shared.bus())); // every instance, and 'gateway pins', see the same pins
        }
        gb.server(b -> {
            if (ring != null) {
                b.keyRing(ring); // the same ring as serve: cursors and session ids open on every instance
            }
            if (shared != null) {
                b.eventBus(shared.bus()).keyValue(shared.store()).counters(shared.store());
            } else {
                b.counters(new InMemoryStore());
            }
        });
        Gateway gateway = gb.start();
        McpHttpServer.Builder hb = McpHttpServer.builder(gateway.server()).host(r.host()).port(r.port()).path(r.path())
                .maxBodyBytes(r.maxBody()).health(gateway::health);
        r.origins().forEach(hb::allowOrigin);
        McpHttpServer http = hb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            gateway.close();
        }, "switchboard-shutdown"));
        spec.commandLine().getOut().println("Switchboard gateway listening on " + http.endpoint() + " in front of "
                + gateway.upstreams().stream().map(GatewayCommand::describe).collect(Collectors.joining(", "))
                + (shared == null ? "" : " (shared state " + r.state() + ", " + r.instances() + " instances)"));
        spec.commandLine().getOut().flush();
        http.join();
        return 0;
    }

    private static String describe(UpstreamStatus s) {
        return s.name() + " (" + s.health().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
