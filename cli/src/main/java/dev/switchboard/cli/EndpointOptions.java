package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Settings;
import dev.switchboard.config.Settings.Key;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code serve} and {@code gateway} share (a picocli mixin): the configuration file, where the
 * endpoint listens, and the deployment (shared state, key ring, number of instances), each also
 * from a {@code SWITCHBOARD_*} variable or the file.
 */
final class EndpointOptions {
    static final Key HOST = new Key("--host", "SWITCHBOARD_HOST", "/server/host");
    static final Key PORT = new Key("--port", "SWITCHBOARD_PORT", "/server/port");
    static final Key PATH = new Key("--path", "SWITCHBOARD_PATH", "/server/path");
    static final Key MAX_BODY = new Key("--max-body", "SWITCHBOARD_MAX_BODY", "/server/maxBodyBytes");
    static final Key ORIGINS = new Key("--allow-origin", "SWITCHBOARD_ALLOW_ORIGINS", "/server/allowedOrigins");
    static final Key STATE = new Key("--state", "SWITCHBOARD_STATE", "/state/uri");
    static final Key KEYS = new Key("--keys", "SWITCHBOARD_KEYS", "/state/keys");
    static final Key INSTANCES = new Key("--instances", "SWITCHBOARD_INSTANCES", "/deployment/instances");

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

    @Option(names = "--keys", paramLabel = "FILE",
            description = "Key-ring file (from 'switchboard keys new'); share it across instances so each accepts the "
                    + "others' requestState, cursors and session ids (env SWITCHBOARD_KEYS). Default: a random key per process.")
    Path keys;

    @Option(names = "--state", paramLabel = "URI",
            description = "Shared state for several instances: redis://HOST:PORT[/DB] (sessions, subscriptions, change "
                    + "fan-out, answers routed between instances, rate limits, tasks, pins), or 'embedded' "
                    + "(env SWITCHBOARD_STATE; default embedded).")
    String state;

    @Option(names = "--instances", paramLabel = "N",
            description = "How many instances serve this endpoint together (env SWITCHBOARD_INSTANCES; default 1). "
                    + "More than 1 requires --state redis://... and a shared --keys file.")
    Integer instances;

    /** Where the endpoint listens. */
    record Listen(String host, int port, String path, int maxBody, List<String> origins) {
    }

    /** Shared state (null: embedded), the key-ring file (null: a random key) and the number of instances. */
    record Deployment(URI state, Path keys, int instances) {
    }

    /** The {@code --config} file, else {@code SWITCHBOARD_CONFIG}, else null. */
    Path configFile(Map<String, String> env) {
        String fromEnv = env.get("SWITCHBOARD_CONFIG");
        return config != null ? config : fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    Listen listen(Settings s) {
        return new Listen(s.string(HOST, host, "127.0.0.1").value(), s.integer(PORT, port, 8080).value(),
                s.string(PATH, path, "/mcp").value(), s.integer(MAX_BODY, maxBody, 4 * 1024 * 1024).value(),
                s.strings(ORIGINS, origins).value());
    }

    /**
     * The deployment, checked: several instances need shared state, and shared state needs a shared
     * key ring.
     *
     * @param unshared what an embedded store would fail to share, for the error message
     */
    Deployment deployment(Settings s, String unshared) {
        Settings.Value<String> stateValue = s.string(STATE, state, "embedded");
        URI stateUri = stateUri(stateValue);
        Settings.Value<Path> keysValue = s.path(KEYS, keys);
        Settings.Value<Integer> instancesValue = s.integer(INSTANCES, instances, 1);
        if (instancesValue.value() < 1) {
            throw new ConfigException(instancesValue.source() + ": instances must be at least 1, got " + instancesValue.value());
        }
        if (instancesValue.value() > 1 && stateUri == null) {
            throw new ConfigException(instancesValue.source() + " declares " + instancesValue.value()
                    + " instances, but the state store is embedded (" + stateValue.source() + "): " + unshared
                    + " would not be shared. Use --state redis://HOST:PORT (and a shared --keys FILE).");
        }
        if (stateUri != null && !keysValue.isSet()) {
            throw new ConfigException(stateValue.source() + " shares state between instances, so they must also share a "
                    + "key ring: add --keys FILE (create one with 'switchboard keys new FILE')");
        }
        return new Deployment(stateUri, keysValue.value(), instancesValue.value());
    }

    /** {@code embedded} (null) or a redis:// / rediss:// URI. */
    static URI stateUri(Settings.Value<String> value) {
        String text = value.value().strip();
        if (text.equals("embedded")) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(value.source() + ": \"" + text + "\" is not a URI: " + e.getReason());
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new ConfigException(value.source() + ": the state store must be 'embedded' or a redis:// or rediss:// URI, got " + text);
        }
        return uri;
    }
}
