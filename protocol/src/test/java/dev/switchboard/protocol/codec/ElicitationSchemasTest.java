package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.elicitation.BooleanSchema;
import dev.switchboard.protocol.elicitation.EnumOption;
import dev.switchboard.protocol.elicitation.LegacyTitledEnumSchema;
import dev.switchboard.protocol.elicitation.NumberSchema;
import dev.switchboard.protocol.elicitation.PrimitiveSchemaDefinition;
import dev.switchboard.protocol.elicitation.StringSchema;
import dev.switchboard.protocol.elicitation.TitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.TitledSingleSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UnknownPrimitiveSchema;
import dev.switchboard.protocol.elicitation.UntitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UntitledSingleSelectEnumSchema;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElicitationSchemasTest {

    private static PrimitiveSchemaDefinition decode(String json) {
        return Codec.decode(Wire.parse(json), PrimitiveSchemaDefinition.class, "requestedSchema.properties.p");
    }

    @Test
    void tellsStringShapesApart() {
        assertThat(decode("{\"type\":\"string\"}")).isInstanceOf(StringSchema.class);
        assertThat(decode("{\"type\":\"string\",\"enum\":[\"a\"]}")).isInstanceOf(UntitledSingleSelectEnumSchema.class);
        assertThat(decode("{\"type\":\"string\",\"oneOf\":[{\"const\":\"a\",\"title\":\"A\"}]}"))
                .isInstanceOf(TitledSingleSelectEnumSchema.class);
        assertThat(decode("{\"type\":\"string\",\"enum\":[\"a\"],\"enumNames\":[\"A\"]}"))
                .isInstanceOf(LegacyTitledEnumSchema.class);
    }

    @Test
    void tellsArrayShapesApart() {
        assertThat(decode("{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"a\"]}}"))
                .isInstanceOf(UntitledMultiSelectEnumSchema.class);
        assertThat(decode("{\"type\":\"array\",\"items\":{\"anyOf\":[{\"const\":\"a\",\"title\":\"A\"}]}}"))
                .isInstanceOf(TitledMultiSelectEnumSchema.class);
    }

    @Test
    void tellsIntegerFromNumber() {
        assertThat(((NumberSchema) decode("{\"type\":\"integer\"}")).integer()).isTrue();
        assertThat(((NumberSchema) decode("{\"type\":\"number\"}")).integer()).isFalse();
        assertThat(ElicitationSchemas.toJson(NumberSchema.integer("Age"))).isEqualTo(
                Wire.parse("{\"type\":\"integer\",\"title\":\"Age\"}"));
        assertThat(ElicitationSchemas.toJson(NumberSchema.number("Weight"))).isEqualTo(
                Wire.parse("{\"type\":\"number\",\"title\":\"Weight\"}"));
    }

    @Test
    void readsNumberBoundsAndDefault() {
        NumberSchema n = (NumberSchema) decode("{\"type\":\"number\",\"minimum\":0.5,\"maximum\":10,\"default\":2}");
        assertThat(n.minimum()).isEqualTo(0.5);
        assertThat(n.maximum()).isEqualTo(10.0);
        assertThat(n.defaultValue()).isEqualTo(2.0);
    }

    @Test
    void readsAStringSchemaWithEveryConstraint() {
        StringSchema s = (StringSchema) decode("{\"type\":\"string\",\"title\":\"Email\",\"description\":\"Yours\","
                + "\"minLength\":3,\"maxLength\":50,\"format\":\"email\",\"default\":\"a@b.c\"}");
        assertThat(s).isEqualTo(new StringSchema("Email", "Yours", 3, 50, "email", "a@b.c"));
    }

    @Test
    void readsTheOptionsOfATitledEnum() {
        TitledSingleSelectEnumSchema s = (TitledSingleSelectEnumSchema) decode("{\"type\":\"string\",\"oneOf\":["
                + "{\"const\":\"#f00\",\"title\":\"Red\"},{\"const\":\"#0f0\",\"title\":\"Green\"}],\"default\":\"#f00\"}");
        assertThat(s.options()).containsExactly(new EnumOption("#f00", "Red"), new EnumOption("#0f0", "Green"));
        assertThat(s.defaultValue()).isEqualTo("#f00");
    }

    @Test
    void namesThePathOfABadOption() {
        assertThatThrownBy(() -> decode("{\"type\":\"string\",\"oneOf\":[{\"const\":\"a\"}]}"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("requestedSchema.properties.p.oneOf[0].title: required string is missing");
        assertThatThrownBy(() -> decode("{\"type\":\"array\",\"items\":{\"anyOf\":[{\"title\":\"A\"}]}}"))
                .hasMessage("requestedSchema.properties.p.items.anyOf[0].const: required string is missing");
    }

    @Test
    void requiresTheItemsOfAnArraySchema() {
        assertThatThrownBy(() -> decode("{\"type\":\"array\"}"))
                .hasMessage("requestedSchema.properties.p.items: required member is missing");
    }

    @Test
    void treatsUnknownTypesAsUnknown() {
        assertThat(decode("{\"type\":\"null\"}")).isInstanceOf(UnknownPrimitiveSchema.class);
    }

    @Test
    void writesEveryKindBackAsItCame() {
        for (String json : new String[] {
                "{\"type\":\"boolean\",\"title\":\"OK\",\"description\":\"d\",\"default\":false}",
                "{\"type\":\"string\",\"enum\":[\"a\",\"b\"],\"default\":\"b\"}",
                "{\"type\":\"string\",\"enum\":[\"a\"],\"enumNames\":[\"Alpha\"],\"title\":\"T\"}",
                "{\"type\":\"array\",\"minItems\":1,\"maxItems\":3,\"items\":{\"type\":\"string\",\"enum\":[\"x\"]},"
                        + "\"default\":[]}",
                "{\"type\":\"array\",\"items\":{\"anyOf\":[{\"const\":\"x\",\"title\":\"X\"}]},\"default\":[\"x\"]}"}) {
            Json in = Wire.parse(json);
            assertThat(Codec.encode(Codec.decode(in, PrimitiveSchemaDefinition.class))).as(json).isEqualTo(in);
        }
    }

    @Test
    void buildsARequestedSchemaFromTypedProperties() {
        Map<String, PrimitiveSchemaDefinition> props = new LinkedHashMap<>();
        props.put("name", StringSchema.of("Name"));
        props.put("subscribe", BooleanSchema.of("Subscribe?"));
        JsonObject schema = ElicitationSchemas.requestedSchema(props, List.of("name"));
        assertThat(schema).isEqualTo(Wire.parse("{\"type\":\"object\",\"properties\":{"
                + "\"name\":{\"type\":\"string\",\"title\":\"Name\"},"
                + "\"subscribe\":{\"type\":\"boolean\",\"title\":\"Subscribe?\"}},\"required\":[\"name\"]}"));
        assertThat(schema.getObject("properties").members().keySet()).containsExactly("name", "subscribe");
    }

    @Test
    void leavesRequiredOffWhenNothingIsRequired() {
        JsonObject schema = ElicitationSchemas.requestedSchema(Map.of("x", StringSchema.of(null)), List.of());
        assertThat(schema.has("required")).isFalse();
    }

    @Test
    void readsTheTypedPropertiesOfARequestedSchema() {
        JsonObject schema = (JsonObject) Wire.parse("{\"type\":\"object\",\"properties\":{"
                + "\"email\":{\"type\":\"string\",\"format\":\"email\"},\"age\":{\"type\":\"integer\",\"minimum\":18},"
                + "\"odd\":{\"type\":\"string\",\"pattern\":\"x\"}}}");
        Map<String, PrimitiveSchemaDefinition> props = ElicitationSchemas.properties(schema);
        assertThat(props.keySet()).containsExactly("email", "age", "odd");
        assertThat(props.get("email")).isEqualTo(new StringSchema(null, null, null, null, "email", null));
        assertThat(props.get("age")).isEqualTo(new NumberSchema(true, null, null, 18.0, null, null));
    }

    @Test
    void namesThePathOfABadProperty() {
        JsonObject schema = (JsonObject) Wire.parse("{\"type\":\"object\",\"properties\":{\"age\":{\"minimum\":1}}}");
        assertThatThrownBy(() -> ElicitationSchemas.properties(schema))
                .isInstanceOf(DecodeException.class)
                .hasMessage("requestedSchema.properties.age.type: required string is missing");
    }

    @Test
    void requiresPropertiesWhenReading() {
        assertThatThrownBy(() -> ElicitationSchemas.properties(JsonObject.of("type", Json.of("object"))))
                .hasMessage("requestedSchema.properties: required object is missing");
    }

    @Test
    void refusesAnOutOfRangeLength() {
        assertThatThrownBy(() -> decode("{\"type\":\"string\",\"maxLength\":99999999999}"))
                .hasMessage("requestedSchema.properties.p.maxLength: integer out of range: 99999999999");
    }

    @Test
    void refusesAnEnumOptionWithoutValueOrTitle() {
        assertThatThrownBy(() -> new EnumOption(null, "t")).isInstanceOf(NullPointerException.class).hasMessage("const");
        assertThatThrownBy(() -> new EnumOption("v", null)).isInstanceOf(NullPointerException.class).hasMessage("title");
    }
}
