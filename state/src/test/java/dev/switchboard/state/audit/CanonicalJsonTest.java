package dev.switchboard.state.audit;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.contract.JsonSamples;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The canonical encoding: one spelling per value, stable across re-encoding. */
class CanonicalJsonTest {

    @Test
    void sortsMembersByNameAtEveryLevelAndWritesNoWhitespace() {
        Json a = Wire.parse("{ \"b\": 1, \"a\": { \"z\": [ true, null ], \"y\": \"s\" } }");
        assertThat(CanonicalJson.toText(a)).isEqualTo("{\"a\":{\"y\":\"s\",\"z\":[true,null]},\"b\":1}");
    }

    @Test
    void memberOrderDoesNotMatter() {
        JsonObject one = JsonObject.builder().put("x", 1L).put("é", "e").put("A", "a").put("😀", "smile").build();
        JsonObject two = JsonObject.builder().put("😀", "smile").put("A", "a").put("é", "e").put("x", 1L).build();
        assertThat(CanonicalJson.encode(one)).isEqualTo(CanonicalJson.encode(two));
        // UTF-16 code-unit order: "A" < "x" < "é" (U+00E9) < "😀" (D83D ...)
        assertThat(CanonicalJson.toText(one)).isEqualTo("{\"A\":\"a\",\"x\":1,\"é\":\"e\",\"😀\":\"smile\"}");
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        Json s = Json.of("q\" b\\ / \b\f\n\r\t \u0000 \u001f é 日本 😀 \u2028");
        assertThat(CanonicalJson.toText(s)).isEqualTo("\"q\\\" b\\\\ / \\b\\f\\n\\r\\t \\u0000 \\u001f é 日本 😀 \u2028\"");
    }

    @Test
    void equalNumbersHaveOneSpelling() {
        assertThat(CanonicalJson.toText(Wire.parse("[42, 42.0, 4.2e1, -0, 0.0, 1E2, 100]"))).isEqualTo("[42,42,42,0,0,100,100]");
        assertThat(CanonicalJson.toText(Wire.parse("[0.10, 1.5e-300, 3.140]"))).isEqualTo("[0.1,1.5E-300,3.14]");
        assertThat(CanonicalJson.toText(JsonNumber.of(new BigInteger("123456789012345678901234567890"))))
                .isEqualTo(CanonicalJson.toText(Wire.parse("1.23456789012345678901234567890e29")));
        assertThat(CanonicalJson.toText(JsonNumber.of(new BigDecimal("3.14159265358979323846264338327950288"))))
                .isEqualTo("3.14159265358979323846264338327950288");
        assertThat(CanonicalJson.toText(Json.of(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
    }

    @Test
    void theEncodingIsValidJsonThatReadsBackEqual() {
        JsonObject awkward = JsonSamples.awkward();
        String text = CanonicalJson.toText(awkward);
        assertThat(Wire.parse(text)).isEqualTo(awkward);
        assertThat(CanonicalJson.toText(Wire.parse(text))).as("idempotent").isEqualTo(text);
        assertThat(CanonicalJson.toText(Wire.parse(Wire.toText(awkward)))).as("stable across the codec").isEqualTo(text);
    }

    @Test
    void refusesLoneSurrogates() {
        assertThatThrownBy(() -> CanonicalJson.encode(Json.of("a\udc00b"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+DC00").hasMessageContaining("index 1");
        assertThatThrownBy(() -> CanonicalJson.encode(JsonObject.of("\ud800", JsonNull.INSTANCE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(JsonArray.of(Json.of("end\ud83d"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
