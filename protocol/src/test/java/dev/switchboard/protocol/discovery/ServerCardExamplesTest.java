package dev.switchboard.protocol.discovery;

import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The upstream Server Card examples: every valid one parses and round-trips, every invalid one is refused. */
class ServerCardExamplesTest {
    /** The field each invalid example gets wrong; a new upstream example must be added here. */
    private static final Map<String, String> FIELD_AT_FAULT = Map.of(
            "bad-name-pattern.json", "name",
            "date-versioned-schema.json", "$schema",
            "missing-name.json", "name",
            "missing-schema.json", "$schema",
            "wrong-schema-name.json", "$schema");

    static Path cardDir() {
        String configured = System.getProperty("switchboard.spec.dir");
        Path spec = configured == null || configured.isBlank() ? Path.of("../spec") : Path.of(configured);
        return spec.resolve("server-card");
    }

    private static List<Path> examples(String kind) throws IOException {
        try (Stream<Path> files = Files.list(cardDir().resolve("examples/ServerCard").resolve(kind))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(list).as("%s examples", kind).isNotEmpty();
            return list;
        }
    }

    @TestFactory
    Stream<DynamicTest> validExamplesParseAndRoundTrip() throws IOException {
        return examples("valid").stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Json json = Wire.parse(Files.readAllBytes(file));
            ServerCard card = ServerCards.parse(json);
            assertThat(Codec.encode(card)).isEqualTo(json);
            assertThat(ServerCards.validate(card)).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidExamplesAreRejectedNamingTheField() throws IOException {
        return examples("invalid").stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String field = FIELD_AT_FAULT.get(file.getFileName().toString());
            assertThat(field).as("expected field for new example %s", file.getFileName()).isNotNull();
            Json json = Wire.parse(Files.readAllBytes(file));
            assertThatThrownBy(() -> ServerCards.parse(json))
                    .isInstanceOf(InvalidDocumentException.class)
                    .hasMessageStartingWith("invalid Server Card: ")
                    .hasMessageContaining(field);
        }));
    }

    @Test
    void bundledSchemaIsTheSpecCopy() throws IOException {
        try (var in = ServerCards.class.getResourceAsStream("server-card.schema.json")) {
            assertThat(in).isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(cardDir().resolve("schema.json")));
        }
    }
}
