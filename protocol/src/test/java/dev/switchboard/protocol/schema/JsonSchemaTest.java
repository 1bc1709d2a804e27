package dev.switchboard.protocol.schema;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSchemaTest {
    private static final JsonObject WEATHER = (JsonObject) Wire.parse("{\"type\":\"object\",\"properties\":{"
            + "\"location\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\",\"minimum\":1}},"
            + "\"required\":[\"location\"],\"additionalProperties\":false}");

    @Test
    void acceptsAValidInstance() {
        JsonSchema s = JsonSchema.compile(WEATHER);
        assertThat(s.isValid(Wire.parse("{\"location\":\"NYC\",\"days\":3}"))).isTrue();
        assertThat(s.validate(Wire.parse("{\"location\":\"NYC\"}"))).isEmpty();
    }

    @Test
    void reportsWhereAnInstanceIsInvalid() {
        List<JsonSchema.Violation> v = JsonSchema.compile(WEATHER).validate(Wire.parse("{\"days\":0,\"x\":1}"));
        assertThat(v).isNotEmpty();
        assertThat(v).extracting(JsonSchema.Violation::toString).anyMatch(s -> s.contains("days"));
        assertThat(v).extracting(JsonSchema.Violation::message).anyMatch(m -> m.contains("location"));
    }

    @Test
    void comparesIntegersNumerically() {
        JsonSchema s = JsonSchema.compile(WEATHER);
        assertThat(s.isValid(Wire.parse("{\"location\":\"x\",\"days\":2.0}"))).isTrue();
        assertThat(s.isValid(Wire.parse("{\"location\":\"x\",\"days\":2.5}"))).isFalse();
    }

    @Test
    void keepsTheSourceSchema() {
        assertThat(JsonSchema.compile(WEATHER).source()).isSameAs(WEATHER);
    }

    @Test
    void usesDraft202012ByDefault() {
        JsonObject prefixItems = (JsonObject) Wire.parse("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}],"
                + "\"items\":false}");
        JsonSchema s = JsonSchema.compile(prefixItems);
        assertThat(s.isValid(Wire.parse("[\"a\"]"))).isTrue();
        assertThat(s.isValid(Wire.parse("[\"a\",1]"))).isFalse();
    }

    @Test
    void resolvesLocalReferences() {
        JsonSchema s = JsonSchema.compile((JsonObject) Wire.parse("{\"$defs\":{\"id\":{\"type\":\"string\","
                + "\"pattern\":\"^[a-z]+$\"}},\"$ref\":\"#/$defs/id\"}"));
        assertThat(s.isValid(Json.of("abc"))).isTrue();
        assertThat(s.isValid(Json.of("ABC"))).isFalse();
    }

    @Test
    void neverFetchesARemoteReference() {
        JsonObject remote = (JsonObject) Wire.parse("{\"$ref\":\"https://example.invalid/schema.json\"}");
        assertThatThrownBy(() -> JsonSchema.compile(remote).validate(Json.of("x")))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void printsAViolationAtTheRootAsRoot() {
        assertThat(new JsonSchema.Violation("", "bad")).hasToString("(root): bad");
        assertThat(new JsonSchema.Violation("/a/0", "bad")).hasToString("/a/0: bad");
    }
}
