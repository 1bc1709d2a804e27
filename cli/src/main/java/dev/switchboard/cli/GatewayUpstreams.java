package dev.switchboard.cli;

import dev.switchboard.client.Era;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigFile;
import dev.switchboard.config.Settings;
import dev.switchboard.gateway.UpstreamConfig;
import dev.switchboard.gateway.pinning.PinMode;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code upstreams} of a gateway configuration (already valid against
 * {@code gateway.schema.json}) into {@link UpstreamConfig}s, resolving the environment variables
 * it names. Every refusal names the file, line and field, or the flag or variable, at fault.
 */
final class GatewayUpstreams {
    private GatewayUpstreams() {
    }

    /** The upstreams of the file, in declaration order, then those given as NAME=URL (which replace a same-named one). */
    static List<UpstreamConfig> read(ConfigFile file, Settings.Value<List<String>> extra, Map<String, String> env) {
        Map<String, UpstreamConfig> out = new LinkedHashMap<>();
        if (file.at("/upstreams") instanceof JsonObject upstreams) {
            for (String name : upstreams.members().keySet()) {
                out.put(name, fromFile(file, name, upstreams.getObject(name), env));
            }
        }
        for (String spec : extra.value()) {
            int eq = spec.indexOf('=');
            if (eq < 1) {
                throw new ConfigException(extra.source() + ": \"" + spec + "\" is not NAME=URL");
            }
            String name = spec.substring(0, eq).strip();
            try {
                out.put(name, UpstreamConfig.http(name, new URI(spec.substring(eq + 1).strip())));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new ConfigException(extra.source() + ": upstream \"" + spec + "\": " + e.getMessage());
            }
        }
        return List.copyOf(out.values());
    }

    private static UpstreamConfig fromFile(ConfigFile file, String name, JsonObject u, Map<String, String> env) {
        String at = "/upstreams/" + name;
        try {
            UpstreamConfig.Transport transport;
            if (u.getString("url") != null) {
                Map<String, String> headers = new LinkedHashMap<>();
                JsonObject fromEnv = u.getObject("headersFromEnv");
                if (fromEnv != null) {
                    fromEnv.members().forEach((header, variable) ->
                            headers.put(header, secret(file, at + "/headersFromEnv/" + header, text(variable), env)));
                }
                String bearer = u.getString("bearerTokenEnv") == null ? null
                        : secret(file, at + "/bearerTokenEnv", u.getString("bearerTokenEnv"), env);
                transport = new UpstreamConfig.Http(new URI(u.getString("url")), headers, bearer);
            } else {
                List<String> command = new ArrayList<>();
                command.add(u.getString("command"));
                if (u.get("args") instanceof JsonArray args) {
                    args.values().forEach(a -> command.add(text(a)));
                }
                Map<String, String> environment = new LinkedHashMap<>();
                if (u.getObject("env") != null) {
                    u.getObject("env").members().forEach((k, v) -> environment.put(k, text(v)));
                }
                if (u.getObject("envFromGateway") != null) {
                    u.getObject("envFromGateway").members().forEach((k, v) ->
                            environment.put(k, secret(file, at + "/envFromGateway/" + k, text(v), env)));
                }
                Path directory = null;
                if (u.getString("workingDirectory") != null) {
                    directory = Path.of(u.getString("workingDirectory"));
                    if (!directory.isAbsolute() && file.file() != null && file.file().toAbsolutePath().getParent() != null) {
                        directory = file.file().toAbsolutePath().getParent().resolve(directory);
                    }
                }
                transport = new UpstreamConfig.Stdio(command, environment, directory);
            }
            UpstreamConfig defaults = UpstreamConfig.withDefaults(name, transport);
            JsonObject timeouts = u.getObject("timeouts");
            JsonObject concurrency = u.getObject("concurrency");
            return new UpstreamConfig(name, transport, era(u.getString("era")),
                    u.has("prefix") ? u.getString("prefix") : null,
                    duration(file, at + "/timeouts/connect", timeouts == null ? null : timeouts.getString("connect"), defaults.connectTimeout()),
                    duration(file, at + "/timeouts/request", timeouts == null ? null : timeouts.getString("request"), defaults.requestTimeout()),
                    concurrency != null && concurrency.get("max") instanceof JsonNumber n ? (int) n.longValue() : defaults.maxConcurrent(),
                    duration(file, at + "/concurrency/queueTimeout", concurrency == null ? null : concurrency.getString("queueTimeout"),
                            defaults.queueTimeout()),
                    u.get("maxResultBytes") instanceof JsonNumber n ? n.longValue() : defaults.maxResultBytes(),
                    u.getString("pinning") == null ? defaults.pinning() : PinMode.parse(u.getString("pinning")));
        } catch (ConfigException e) {
            throw e; // already names its line
        } catch (URISyntaxException e) {
            throw new ConfigException(file.where(at + "/url") + ": " + at + "/url: not a URI: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.where(at) + ": " + at + ": " + e.getMessage());
        }
    }

    private static Era era(String era) {
        return switch (era == null ? "auto" : era) {
            case "2026-07-28" -> Era.MODERN;
            case "session" -> Era.LEGACY;
            default -> Era.AUTO;
        };
    }

    /** The value of the environment variable the file names at {@code pointer}; refused when unset. */
    private static String secret(ConfigFile file, String pointer, String variable, Map<String, String> env) {
        String value = env.get(variable);
        if (value == null || value.isEmpty()) {
            throw new ConfigException(file.where(pointer) + ": " + pointer + " names the environment variable "
                    + variable + ", which is not set");
        }
        return value;
    }

    private static Duration duration(ConfigFile file, String pointer, String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Settings.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.where(pointer) + ": " + pointer + ": " + e.getMessage());
        }
    }

    private static String text(Json json) {
        return json.asString() != null ? json.asString() : json.toString();
    }
}
