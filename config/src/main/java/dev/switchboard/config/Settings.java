package dev.switchboard.config;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonString;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves each setting from, in order: its command-line flag, its environment variable, the
 * configuration file, its default. Values keep their source so that a later failure ("cannot reach
 * the state store") can say which flag, variable or line to fix.
 */
public final class Settings {
    private final ConfigFile file;
    private final Map<String, String> env;

    /** Over {@code file} ({@link ConfigFile#none()} for none) and the environment {@code env}. */
    public Settings(ConfigFile file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /** A setting's value and where it came from ("--port", "SWITCHBOARD_PORT", "a.yaml:3:9 /server/port", "default"). */
    public record Value<T>(T value, String source) {
        /** True when some source gave a value (or there was a default). */
        public boolean isSet() {
            return value != null;
        }
    }

    /**
     * Where to look for one setting.
     *
     * @param flag    the flag's name, e.g. {@code --port}
     * @param env     the environment variable, e.g. {@code SWITCHBOARD_PORT}
     * @param pointer the JSON Pointer in the file, e.g. {@code /server/port}
     */
    public record Key(String flag, String env, String pointer) {
    }

    /** A text setting. */
    public Value<String> string(Key key, String flagValue, String defaultValue) {
        return resolve(key, flagValue, defaultValue, text -> text);
    }

    /** An integer setting. */
    public Value<Integer> integer(Key key, Integer flagValue, Integer defaultValue) {
        return resolve(key, flagValue == null ? null : flagValue.toString(), defaultValue == null ? null : defaultValue.toString(), text -> {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not an integer");
            }
        });
    }

    /** A yes/no setting ({@code true}/{@code false}, also {@code yes}/{@code no}, {@code 1}/{@code 0}). */
    public Value<Boolean> bool(Key key, Boolean flagValue, boolean defaultValue) {
        return resolve(key, flagValue == null ? null : flagValue.toString(), Boolean.toString(defaultValue), text ->
                switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1", "on" -> true;
                    case "false", "no", "0", "off" -> false;
                    default -> throw new IllegalArgumentException("\"" + text + "\" is not true or false");
                });
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT30S}. */
    public Value<Duration> duration(Key key, String flagValue, Duration defaultValue) {
        return resolve(key, flagValue, defaultValue == null ? null : defaultValue.toString(), Settings::parseDuration);
    }

    /** A URI. */
    public Value<URI> uri(Key key, String flagValue, String defaultValue) {
        return resolve(key, flagValue, defaultValue, text -> {
            try {
                return new URI(text.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not a URI: " + e.getReason());
            }
        });
    }

    /** A file path; a relative path written in the configuration file is relative to that file's directory. */
    public Value<Path> path(Key key, Path flagValue) {
        Value<String> raw = raw(key, flagValue == null ? null : flagValue.toString(), null);
        if (!raw.isSet()) {
            return new Value<>(null, raw.source());
        }
        Path p = Path.of(raw.value());
        if (!p.isAbsolute() && raw.source().startsWith(String.valueOf(file.file())) && file.file() != null
                && file.file().toAbsolutePath().getParent() != null) {
            p = file.file().toAbsolutePath().getParent().resolve(p);
        }
        return new Value<>(p, raw.source());
    }

    /** A list of texts: a repeated flag, a comma-separated variable, or a YAML sequence. */
    public Value<List<String>> strings(Key key, List<String> flagValues) {
        if (flagValues != null && !flagValues.isEmpty()) {
            return new Value<>(List.copyOf(flagValues), key.flag());
        }
        String fromEnv = key.env() == null ? null : env.get(key.env());
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Value<>(Arrays.stream(fromEnv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(), key.env());
        }
        Json json = key.pointer() == null ? null : file.at(key.pointer());
        if (json instanceof JsonArray array) {
            return new Value<>(array.values().stream().map(Settings::text).toList(), fileSource(key));
        }
        if (json != null) {
            return new Value<>(List.of(text(json)), fileSource(key));
        }
        return new Value<>(List.of(), "default");
    }

    private <T> Value<T> resolve(Key key, String flagValue, String defaultValue, Function<String, T> convert) {
        Value<String> raw = raw(key, flagValue, defaultValue);
        if (!raw.isSet()) {
            return new Value<>(null, raw.source());
        }
        try {
            return new Value<>(convert.apply(raw.value()), raw.source());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(raw.source() + ": " + e.getMessage());
        }
    }

    private Value<String> raw(Key key, String flagValue, String defaultValue) {
        if (flagValue != null) {
            return new Value<>(flagValue, key.flag());
        }
        String fromEnv = key.env() == null ? null : env.get(key.env());
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Value<>(fromEnv, key.env());
        }
        Json json = key.pointer() == null ? null : file.at(key.pointer());
        if (json != null && !(json instanceof dev.switchboard.protocol.json.JsonNull)) {
            return new Value<>(text(json), fileSource(key));
        }
        return new Value<>(defaultValue, "default");
    }

    private String fileSource(Key key) {
        return file.where(key.pointer()) + " " + key.pointer();
    }

    private static String text(Json json) {
        return switch (json) {
            case JsonString s -> s.value();
            case JsonNumber n -> n.toString();
            case JsonBoolean b -> Boolean.toString(b.value());
            default -> json.toString();
        };
    }

    /** Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT30S}). */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            int split = 0;
            while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '.')) {
                split++;
            }
            if (split == 0) {
                throw new IllegalArgumentException();
            }
            double amount = Double.parseDouble(t.substring(0, split));
            long millis = switch (t.substring(split).trim()) {
                case "ms" -> Math.round(amount);
                case "s", "" -> Math.round(amount * 1_000);
                case "m", "min" -> Math.round(amount * 60_000);
                case "h" -> Math.round(amount * 3_600_000);
                case "d" -> Math.round(amount * 86_400_000);
                default -> throw new IllegalArgumentException();
            };
            return Duration.ofMillis(millis);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration (e.g. 500ms, 30s, 5m, 1h)");
        }
    }
}
