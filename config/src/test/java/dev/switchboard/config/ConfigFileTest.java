package dev.switchboard.config;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.schema.JsonSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFileTest {
    private static final JsonSchema SCHEMA = JsonSchema.compile((JsonObject) Wire.parse("""
            {"type": "object", "additionalProperties": false,
             "properties": {
               "server": {"type": "object", "additionalProperties": false,
                          "properties": {"port": {"type": "integer", "minimum": 0, "maximum": 65535},
                                         "host": {"type": "string"}}},
               "upstreams": {"type": "array", "items": {"type": "object", "required": ["name"],
                             "properties": {"name": {"type": "string"}, "url": {"type": "string"}}}}}}
            """));

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("switchboard.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void readsValuesAndRemembersWhereTheyAre() throws Exception {
        Path f = write("""
                # a comment
                server:
                  host: 0.0.0.0
                  port: 9000
                upstreams:
                  - name: a
                    url: http://127.0.0.1:1/mcp
                """);
        ConfigFile config = ConfigFile.load(f, SCHEMA);
        assertThat(config.at("/server/host")).isEqualTo(new JsonString("0.0.0.0"));
        assertThat(config.at("/upstreams/0/name")).isEqualTo(new JsonString("a"));
        assertThat(config.at("/upstreams/1/name")).isNull();
        assertThat(config.at("/nothing/here")).isNull();
        assertThat(config.where("/server/port")).isEqualTo(f + ":4:9");
        assertThat(config.where("/upstreams/0/url")).isEqualTo(f + ":7:10");
        assertThat(config.where("/server/missing")).as("nearest enclosing value").isEqualTo(f + ":3:3");
    }

    @Test
    void schemaViolationsNameFileLineAndField() throws Exception {
        Path f = write("""
                server:
                  port: "eighty"
                upstreams:
                  - url: http://x
                """);
        assertThatThrownBy(() -> ConfigFile.load(f, SCHEMA))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":2:9: /server/port:")
                .hasMessageContaining(f + ":4:5: /upstreams/0:")
                .hasMessageContaining("name");
    }

    @Test
    void unknownFieldIsRefusedWithItsPlace() throws Exception {
        Path f = write("server:\n  prot: 80\n");
        assertThatThrownBy(() -> ConfigFile.load(f, SCHEMA))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":")
                .hasMessageContaining("prot");
    }

    @Test
    void duplicateKeysAreRefused() throws Exception {
        Path f = write("server:\n  port: 1\n  port: 2\n");
        assertThatThrownBy(() -> ConfigFile.load(f, SCHEMA))
                .hasMessageContaining(f + ":3:")
                .hasMessageContaining("/server/port is given twice");
    }

    @Test
    void brokenYamlNamesTheLine() throws Exception {
        Path f = write("server:\n  port: [1, 2\n");
        assertThatThrownBy(() -> ConfigFile.load(f, SCHEMA))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f.toString() + ":")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void emptyOrScalarDocumentsAreRefused() throws Exception {
        Path empty = write("");
        assertThatThrownBy(() -> ConfigFile.load(empty, SCHEMA)).hasMessageContaining("empty file");
        Path scalar = write("just text\n");
        assertThatThrownBy(() -> ConfigFile.load(scalar, SCHEMA)).hasMessageContaining("mapping");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> ConfigFile.load(dir.resolve("nope.yaml"), SCHEMA))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration file not found")
                .hasMessageContaining("nope.yaml");
    }
}
