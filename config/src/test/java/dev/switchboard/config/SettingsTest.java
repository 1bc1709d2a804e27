package dev.switchboard.config;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.schema.JsonSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {
    private static final JsonSchema ANY = JsonSchema.compile((JsonObject) Wire.parse("{\"type\":\"object\"}"));
    private static final Settings.Key PORT = new Settings.Key("--port", "SWITCHBOARD_PORT", "/server/port");
    private static final Settings.Key KEYS = new Settings.Key("--keys", "SWITCHBOARD_KEYS", "/state/keys");
    private static final Settings.Key ORIGINS = new Settings.Key("--allow-origin", "SWITCHBOARD_ALLOW_ORIGINS", "/server/origins");
    private static final Settings.Key WINDOW = new Settings.Key("--window", "SWITCHBOARD_WINDOW", "/limits/window");

    @TempDir
    Path dir;

    private ConfigFile file(String yaml) throws Exception {
        Path f = dir.resolve("conf.yaml");
        Files.writeString(f, yaml);
        return ConfigFile.load(f, ANY);
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        ConfigFile f = file("server:\n  port: 7000\n");
        assertThat(new Settings(f, Map.of("SWITCHBOARD_PORT", "7001")).integer(PORT, 7002, 8080))
                .isEqualTo(new Settings.Value<>(7002, "--port"));
        assertThat(new Settings(f, Map.of("SWITCHBOARD_PORT", "7001")).integer(PORT, null, 8080))
                .isEqualTo(new Settings.Value<>(7001, "SWITCHBOARD_PORT"));
        Settings.Value<Integer> fromFile = new Settings(f, Map.of()).integer(PORT, null, 8080);
        assertThat(fromFile.value()).isEqualTo(7000);
        assertThat(fromFile.source()).endsWith("conf.yaml:2:9 /server/port");
        assertThat(new Settings(ConfigFile.none(), Map.of()).integer(PORT, null, 8080))
                .isEqualTo(new Settings.Value<>(8080, "default"));
        assertThat(new Settings(ConfigFile.none(), Map.of("SWITCHBOARD_PORT", " ")).integer(PORT, null, 8080).value())
                .as("a blank variable counts as unset").isEqualTo(8080);
    }

    @Test
    void badValuesNameTheirSource() throws Exception {
        assertThatThrownBy(() -> new Settings(ConfigFile.none(), Map.of("SWITCHBOARD_PORT", "http")).integer(PORT, null, 1))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SWITCHBOARD_PORT: \"http\" is not an integer");
        ConfigFile f = file("limits:\n  window: soon\n");
        assertThatThrownBy(() -> new Settings(f, Map.of()).duration(WINDOW, null, null))
                .hasMessageContaining("conf.yaml:2:11 /limits/window: \"soon\" is not a duration");
    }

    @Test
    void relativePathsInTheFileAreRelativeToIt() throws Exception {
        ConfigFile f = file("state:\n  keys: secrets/ring.json\n");
        assertThat(new Settings(f, Map.of()).path(KEYS, null).value())
                .isEqualTo(dir.toAbsolutePath().resolve("secrets/ring.json"));
        assertThat(new Settings(f, Map.of("SWITCHBOARD_KEYS", "other.json")).path(KEYS, null).value())
                .isEqualTo(Path.of("other.json"));
        assertThat(new Settings(ConfigFile.none(), Map.of()).path(KEYS, null).isSet()).isFalse();
    }

    @Test
    void listsFromFlagsVariablesOrSequences() throws Exception {
        ConfigFile f = file("server:\n  origins: [https://a.example, https://b.example]\n");
        assertThat(new Settings(f, Map.of()).strings(ORIGINS, List.of()).value())
                .containsExactly("https://a.example", "https://b.example");
        assertThat(new Settings(f, Map.of("SWITCHBOARD_ALLOW_ORIGINS", "https://c.example, https://d.example"))
                .strings(ORIGINS, List.of()).value()).containsExactly("https://c.example", "https://d.example");
        assertThat(new Settings(f, Map.of()).strings(ORIGINS, List.of("https://e.example")).value())
                .containsExactly("https://e.example");
    }

    @Test
    void durationsAndUris() {
        assertThat(Settings.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Settings.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Settings.parseDuration("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Settings.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Settings.parseDuration("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Settings.parseDuration("10")).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> Settings.parseDuration("5 fortnights")).isInstanceOf(IllegalArgumentException.class);
        Settings.Key state = new Settings.Key("--state", "SWITCHBOARD_STATE", "/state/uri");
        assertThat(new Settings(ConfigFile.none(), Map.of("SWITCHBOARD_STATE", "redis://127.0.0.1:6379"))
                .uri(state, null, null).value()).isEqualTo(URI.create("redis://127.0.0.1:6379"));
        assertThatThrownBy(() -> new Settings(ConfigFile.none(), Map.of()).uri(state, "redis://bad host", null))
                .hasMessageStartingWith("--state: \"redis://bad host\" is not a URI");
    }
}
