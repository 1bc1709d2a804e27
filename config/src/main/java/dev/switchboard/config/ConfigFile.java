package dev.switchboard.config;

import dev.switchboard.config.internal.YamlTree;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.schema.JsonSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A parsed, schema-valid YAML configuration file, with the position of every value so that later
 * checks (a URI that does not parse, a file that does not exist) can name the line too.
 */
public final class ConfigFile {
    private static final ConfigFile NONE = new ConfigFile(null, JsonObject.EMPTY, Map.of());

    private final Path file;
    private final JsonObject root;
    private final Map<String, YamlTree.Position> positions;

    private ConfigFile(Path file, JsonObject root, Map<String, YamlTree.Position> positions) {
        this.file = file;
        this.root = root;
        this.positions = positions;
    }

    /** No file: every lookup is absent. */
    public static ConfigFile none() {
        return NONE;
    }

    /**
     * Reads {@code file} and validates it against {@code schema}.
     *
     * @throws ConfigException when the file is missing, is not YAML, or breaks the schema; the
     *                         message lists every violation as {@code file:line:col: /field: why}
     */
    public static ConfigFile load(Path file, JsonSchema schema) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return parse(file, text, schema);
    }

    /**
     * Reads {@code text}, the content of {@code file} (which messages name; it need not exist here),
     * and validates it against {@code schema}.
     *
     * @throws ConfigException as {@link #load}
     */
    public static ConfigFile parse(Path file, String text, JsonSchema schema) {
        YamlTree tree = YamlTree.parse(file.toString(), text);
        Json root = tree.root();
        if (!(root instanceof JsonObject object)) {
            throw new ConfigException(file + ": the configuration must be a mapping of settings, got "
                    + (root == null ? "an empty file" : root.kind()));
        }
        ConfigFile config = new ConfigFile(file, object, tree.positions());
        List<JsonSchema.Violation> violations = schema.validate(object);
        if (!violations.isEmpty()) {
            throw new ConfigException(violations.stream()
                    .map(v -> config.where(v.path()) + ": " + (v.path().isEmpty() ? "(top level)" : v.path())
                            + ": " + v.message())
                    .distinct()
                    .collect(Collectors.joining("\n  ", "invalid configuration:\n  ", "")));
        }
        return config;
    }

    /** The file, or null for {@link #none()}. */
    public Path file() {
        return file;
    }

    /** The whole document. */
    public JsonObject root() {
        return root;
    }

    /** The value at a JSON Pointer such as {@code /state/uri}, or null when absent. */
    public Json at(String pointer) {
        Json node = root;
        if (pointer.isEmpty()) {
            return node;
        }
        for (String token : pointer.substring(1).split("/", -1)) {
            String name = token.replace("~1", "/").replace("~0", "~");
            node = switch (node) {
                case JsonObject o -> o.get(name);
                case JsonArray a -> index(name) < a.size() && index(name) >= 0 ? a.get(index(name)) : null;
                case null, default -> null;
            };
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static int index(String token) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Where the value at {@code pointer} is written, as {@code file:line:column}; the nearest
     * enclosing value's position when that one is absent (a missing required field).
     */
    public String where(String pointer) {
        String p = pointer;
        while (true) {
            YamlTree.Position at = positions.get(p);
            if (at != null) {
                return file + ":" + at.line() + ":" + at.column();
            }
            if (p.isEmpty()) {
                return String.valueOf(file);
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}
