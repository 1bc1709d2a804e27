package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STYLE rule 12: every upstream example decodes, re-encodes and compares equal as JSON. Each
 * file is its own test; a type without a mapping fails rather than being skipped.
 */
class GoldenRoundTripTest {

    @TestFactory
    Stream<DynamicTest> everySpecExampleRoundTripsUnchanged() {
        return SpecExamples.exampleFiles().stream().map(file -> {
            String type = SpecExamples.typeName(file);
            return DynamicTest.dynamicTest(type + "/" + file.getFileName(), file.toUri(), () -> {
                Json input = SpecExamples.read(file);
                Json output = GoldenCodec.roundTrip(type, input);
                assertThat(Wire.toText(output))
                        .as("re-encoded %s", file.getFileName())
                        .isNotNull();
                assertThat(output).as("round trip of %s\n in: %s\nout: %s", file, input, output).isEqualTo(input);
            });
        });
    }

    @Test
    void findsTheWholeUpstreamExampleSet() {
        assertThat(SpecExamples.exampleFiles()).hasSizeGreaterThanOrEqualTo(129);
    }

    @Test
    void mapsEveryExampleDirectory() throws Exception {
        Set<String> dirs;
        try (Stream<Path> s = Files.list(SpecExamples.examplesDir())) {
            dirs = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(GoldenMapping.SHAPES.keySet()).containsAll(dirs);
        assertThat(dirs).containsAll(GoldenMapping.SHAPES.keySet());
    }

    @Test
    void failsForAnExampleTypeWithoutMapping() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> GoldenCodec.roundTrip("NoSuchType", Json.of("x")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no mapping for spec example type NoSuchType");
    }

    @Test
    void mapsOnlyTypesTheFacadeSupports() {
        GoldenMapping.SHAPES.values().forEach(shape -> {
            Class<?> type = switch (shape) {
                case GoldenMapping.Plain p -> p.type();
                case GoldenMapping.RpcMessage m -> m.params();
                case GoldenMapping.ResultResponse r -> r.result();
                case GoldenMapping.ErrorResponse e -> e.error();
                case GoldenMapping.InputRequestShape s -> s.params();
                case GoldenMapping.InputRequestMap m -> dev.switchboard.protocol.mrtr.InputRequest.class;
                case GoldenMapping.InputResponseMap m -> dev.switchboard.protocol.elicitation.ElicitResult.class;
            };
            assertThat(Codec.supports(type)).as("%s supported", type.getSimpleName()).isTrue();
        });
    }
}
