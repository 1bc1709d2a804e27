package dev.switchboard.registry.entry;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** server.json validation: the official schema and examples, plus the rules the schema cannot say. */
class ServerJsonTest {
    static final Path SPEC = Path.of(System.getProperty("switchboard.spec.dir", "../spec"), "registry");

    @Test
    void bundledSchemaIsByteIdenticalToTheSpecCopy() throws Exception {
        try (InputStream in = ServerJson.class.getResourceAsStream("server.schema.json")) {
            assertThat(in).isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(SPEC.resolve("server.schema.json")));
        }
    }

    @Test
    void everyOfficialValidExampleParses() throws Exception {
        List<Path> files = list("valid");
        assertThat(files).hasSize(3);
        for (Path f : files) {
            ServerJson s = ServerJson.parse(Wire.parse(Files.readAllBytes(f)));
            assertThat(s.name()).as(f.toString()).contains("/");
        }
    }

    @Test
    void everyOfficialInvalidExampleIsRefusedNamingTheField() throws Exception {
        List<Path> files = list("invalid");
        assertThat(files).hasSize(5);
        for (Path f : files) {
            Json doc = Wire.parse(Files.readAllBytes(f));
            String expectedField = switch (f.getFileName().toString()) {
                case "bad-name-pattern.json" -> "/name";
                case "description-too-long.json" -> "/description";
                case "missing-name.json" -> "name";
                case "package-version-latest.json" -> "/packages/0/version";
                case "positional-argument-missing-value.json" -> "/packages/0/packageArguments/0";
                default -> throw new AssertionError("unexpected example " + f);
            };
            assertThatThrownBy(() -> ServerJson.parse(doc)).as(f.toString())
                    .isInstanceOf(InvalidEntryException.class).hasMessageContaining(expectedField);
        }
    }

    @Test
    void readsWhatSearchNeeds() throws Exception {
        ServerJson remote = ServerJson.parse(Wire.parse(Files.readAllBytes(SPEC.resolve("examples/valid/with-remote.json"))));
        assertThat(remote.title()).isEqualTo("Remote Weather");
        assertThat(remote.transports()).containsExactly("streamable-http");
        ServerJson pkg = ServerJson.parse(Wire.parse(Files.readAllBytes(SPEC.resolve("examples/valid/with-package.json"))));
        assertThat(pkg.transports()).containsExactly("stdio");
        assertThat(pkg.tags()).isEmpty();
        ServerJson tagged = ServerJson.parse(minimal("com.example/tagged", "1.0.0").with("_meta", JsonObject.of(
                ServerJson.PUBLISHER_META, JsonObject.of("tags", JsonArray.ofStrings(List.of("weather", "maps"))))));
        assertThat(tagged.tags()).containsExactly("weather", "maps");
    }

    @ParameterizedTest
    @ValueSource(strings = {"weather", "com.example/a/b", "example/weather", ".example.com/x", "com..example/x",
            "-bad.com/x", "bad-.com/x", "com.example/", "/weather", "com.exa mple/x", "com.example/wea ther",
            "com.example/wéather", "a/"})
    void badNamesAreRefusedWithTheRuleTheyBreak(String name) {
        assertThat(ServerNames.problem(name)).as(name).isNotNull();
        assertThatThrownBy(() -> ServerJson.parse(minimal(name, "1.0.0")))
                .isInstanceOf(InvalidEntryException.class).hasMessageContaining("/name");
    }

    @Test
    void namesThatFollowTheRulesPass() {
        for (String name : List.of("io.github.alice/weather", "com.example/my_server-2.beta", "dev.switchboard/demo")) {
            assertThat(ServerNames.problem(name)).as(name).isNull();
        }
        assertThat(ServerNames.problem("example/weather")).contains("at least two labels");
        assertThat(ServerNames.problem("com.example/a/b")).contains("exactly one '/'");
        assertThat(ServerNames.problem("x".repeat(100) + ".com/" + "y".repeat(100))).contains("3 to 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "^1.2.3", "~1.2.3", ">=1.2.3", "1.x", "1.*", "1.2.3 || 2.0.0", " "})
    void versionsThatNameNoSingleReleaseAreRefused(String version) {
        assertThatThrownBy(() -> ServerJson.parse(minimal("com.example/x", version)))
                .isInstanceOf(InvalidEntryException.class).hasMessageContaining("/version");
    }

    @Test
    void nonObjectsAreRefused() {
        assertThatThrownBy(() -> ServerJson.parse(Wire.parse("[1,2]")))
                .isInstanceOf(InvalidEntryException.class).hasMessageContaining("must be a JSON object, got array");
    }

    @Test
    void semanticVersionsOrderByPrecedence() {
        List<String> sorted = Stream.of("1.10.0", "1.2.0", "1.2.0-beta.2", "1.2.0-beta.10", "1.2.0-alpha", "v2.0.0")
                .sorted(Versions.SEMANTIC).toList();
        assertThat(sorted).containsExactly("1.2.0-alpha", "1.2.0-beta.2", "1.2.0-beta.10", "1.2.0", "1.10.0", "v2.0.0");
        assertThat(Versions.isSemantic("2024.06")).isFalse();
    }

    static JsonObject minimal(String name, String version) {
        return JsonObject.builder().put("name", name).put("description", "A test server.").put("version", version).build();
    }

    private static List<Path> list(String kind) throws Exception {
        try (Stream<Path> s = Files.list(SPEC.resolve("examples").resolve(kind))) {
            return s.sorted().toList();
        }
    }
}
