package dev.switchboard.client.internal;

import dev.switchboard.protocol.headers.HeaderBinding;
import dev.switchboard.protocol.headers.HeaderValues;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamHeadersUnitTest {

    private static JsonObject json(String s) {
        return (JsonObject) Wire.parse(s);
    }

    @Test
    void findsAnnotationsThroughPropertiesOnly() throws Exception {
        var b = ParamHeaders.bindings(json("""
                {"type":"object","properties":{"r":{"type":"string","x-mcp-header":"Region"},
                 "o":{"type":"object","properties":{"t":{"type":"integer","x-mcp-header":"Tenant"}}}}}"""));
        assertThat(b).containsExactly(new HeaderBinding("Region", List.of("r"), "string"),
                new HeaderBinding("Tenant", List.of("o", "t"), "integer"));
    }

    @Test
    void ignoresLookalikesInsideData() throws Exception {
        assertThat(ParamHeaders.bindings(json("""
                {"type":"object","properties":{"r":{"type":"string","default":{"x-mcp-header":"No"},
                 "examples":[{"x-mcp-header":"No"}],"const":{"x-mcp-header":"No"}}}}"""))).isEmpty();
    }

    @Test
    void refusesAnnotationsBelowItemsOrCombinators() {
        for (String schema : List.of(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}}",
                "{\"type\":\"object\",\"anyOf\":[{\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}]}",
                "{\"type\":\"object\",\"$defs\":{\"d\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}",
                "{\"type\":\"object\",\"x-mcp-header\":\"Root\"}")) {
            assertThatThrownBy(() -> ParamHeaders.bindings(json(schema)))
                    .isInstanceOf(ParamHeaders.InvalidAnnotation.class).hasMessageContaining("only allowed on properties");
        }
    }

    @Test
    void refusesBadTokensTypesAndDuplicates() {
        assertThatThrownBy(() -> ParamHeaders.bindings(json(
                "{\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"\"}}}")))
                .hasMessageContaining("non-empty HTTP token");
        assertThatThrownBy(() -> ParamHeaders.bindings(json(
                "{\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"a:b\"}}}")))
                .hasMessageContaining("HTTP token");
        assertThatThrownBy(() -> ParamHeaders.bindings(json(
                "{\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":7}}}")))
                .hasMessageContaining("HTTP token");
        assertThatThrownBy(() -> ParamHeaders.bindings(json(
                "{\"properties\":{\"a\":{\"type\":\"number\",\"x-mcp-header\":\"A\"}}}")))
                .hasMessageContaining("not number");
        assertThatThrownBy(() -> ParamHeaders.bindings(json(
                "{\"properties\":{\"a\":{\"x-mcp-header\":\"A\"}}}")))
                .hasMessageContaining("untyped");
        assertThatThrownBy(() -> ParamHeaders.bindings(json(
                "{\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"Same\"},\"b\":{\"type\":\"boolean\",\"x-mcp-header\":\"SAME\"}}}")))
                .hasMessageContaining("used twice");
    }

    @Test
    void mirrorsValuesByType() {
        var bindings = List.of(new HeaderBinding("S", List.of("s"), "string"), new HeaderBinding("I", List.of("i"), "integer"),
                new HeaderBinding("B", List.of("b"), "boolean"), new HeaderBinding("D", List.of("o", "d"), "string"));
        Map<String, String> h = ParamHeaders.headers(bindings, json("""
                {"s":"ünï","i":9007199254740991,"b":true,"o":{"d":"x"}}"""));
        assertThat(h).containsEntry("Mcp-Param-S", HeaderValues.encode("ünï"))
                .containsEntry("Mcp-Param-I", "9007199254740991")
                .containsEntry("Mcp-Param-B", "true")
                .containsEntry("Mcp-Param-D", "x");
    }

    @Test
    void sendsNothingForAbsentNullOrMistypedValues() {
        var bindings = List.of(new HeaderBinding("S", List.of("s"), "string"), new HeaderBinding("D", List.of("o", "d"), "string"));
        assertThat(ParamHeaders.headers(bindings, json("{\"s\":null,\"o\":\"not an object\"}"))).isEmpty();
        assertThat(ParamHeaders.headers(bindings, json("{\"s\":[1]}"))).isEmpty();
    }

    @Test
    void writesIntegralDecimalsWithoutAFraction() {
        var bindings = List.of(new HeaderBinding("I", List.of("i"), "integer"));
        assertThat(ParamHeaders.headers(bindings, json("{\"i\":42.000}"))).containsEntry("Mcp-Param-I", "42");
        assertThat(ParamHeaders.headers(bindings, json("{\"i\":1e3}"))).containsEntry("Mcp-Param-I", "1000");
    }
}
