package dev.switchboard.cli;

import dev.switchboard.client.Era;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigFile;
import dev.switchboard.config.Settings;
import dev.switchboard.gateway.UpstreamAuth;
import dev.switchboard.gateway.UpstreamConfig;
import dev.switchboard.gateway.pinning.PinMode;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
                JsonObject auth = u.getObject("auth");
                if (auth != null && "static".equals(auth.getString("type"))) {
                    if (bearer != null) {
                        throw new ConfigException(file.where(at + "/auth") + ": " + at
                                + ": give the static bearer token once, as bearerTokenEnv or in auth");
                    }
                    bearer = secret(file, at + "/auth/bearerTokenEnv", auth.getString("bearerTokenEnv"), env);
                }
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
                    u.getString("pinning") == null ? defaults.pinning() : PinMode.parse(u.getString("pinning")),
                    auth(file, at + "/auth", u.getObject("auth"), env));
        } catch (ConfigException e) {
            throw e; // already names its line
        } catch (URISyntaxException e) {
            throw new ConfigException(file.where(at + "/url") + ": " + at + "/url: not a URI: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.where(at) + ": " + at + ": " + e.getMessage());
        }
    }

    /** The {@code auth} of an upstream as {@link UpstreamAuth}; null when absent or static (on the transport). */
    private static UpstreamAuth auth(ConfigFile file, String at, JsonObject a, Map<String, String> env) {
        if (a == null || "static".equals(a.getString("type"))) {
            return null;
        }
        String secret = a.getString("clientSecretEnv") == null ? null
                : secret(file, at + "/clientSecretEnv", a.getString("clientSecretEnv"), env);
        PrivateKey key = a.getString("privateKeyFile") == null ? null
                : privateKey(file, at + "/privateKeyFile", a.getString("privateKeyFile"));
        UpstreamAuth.OAuthClient client;
        try {
            client = new UpstreamAuth.OAuthClient(a.getString("issuer"),
                    a.getString("tokenEndpoint") == null ? null : new URI(a.getString("tokenEndpoint")),
                    a.getString("clientId"), secret, key, a.getString("keyAlgorithm"));
        } catch (URISyntaxException e) {
            throw new ConfigException(file.where(at + "/tokenEndpoint") + ": " + at + "/tokenEndpoint: not a URI: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.where(at) + ": " + at + ": " + e.getMessage());
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (a.get("scopes") instanceof JsonArray array) {
            array.values().forEach(v -> scopes.add(text(v)));
        }
        URI resource;
        try {
            resource = a.getString("resource") == null ? null : new URI(a.getString("resource"));
        } catch (URISyntaxException e) {
            throw new ConfigException(file.where(at + "/resource") + ": " + at + "/resource: not a URI: " + e.getMessage());
        }
        String audience = a.getString("audience");
        return switch (a.getString("type")) {
            case "client_credentials" -> new UpstreamAuth.ClientCredentials(client, scopes, resource, audience);
            case "token_exchange" -> new UpstreamAuth.TokenExchange(client, scopes, resource, audience,
                    a.get("actorToken") instanceof JsonBoolean b && b.value());
            default -> throw new ConfigException(file.where(at + "/type") + ": " + at + "/type: unknown auth type "
                    + a.getString("type"));
        };
    }

    /** A PKCS#8 PEM private key (EC or RSA), relative to the file's directory. */
    private static PrivateKey privateKey(ConfigFile file, String pointer, String name) {
        Path path = Path.of(name);
        if (!path.isAbsolute() && file.file() != null && file.file().toAbsolutePath().getParent() != null) {
            path = file.file().toAbsolutePath().getParent().resolve(path);
        }
        String pem;
        try {
            pem = Files.readString(path);
        } catch (IOException e) {
            throw new ConfigException(file.where(pointer) + ": " + pointer + ": cannot read " + path + ": " + e.getMessage());
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new ConfigException(file.where(pointer) + ": " + pointer + ": " + path
                    + " is not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----); convert it with 'openssl pkcs8 -topk8 -nocrypt'");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.where(pointer) + ": " + pointer + ": " + path + " is not valid PEM: " + e.getMessage());
        }
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException(file.where(pointer) + ": " + pointer + ": " + path + " holds neither an EC nor an RSA private key");
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
