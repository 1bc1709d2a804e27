package dev.switchboard.protocol.elicitation;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElicitationRecordsTest {
    private static final JsonObject SCHEMA = JsonObject.of("type", Json.of("object"), "properties", JsonObject.EMPTY);

    @Test
    void buildsFormAndUrlRequests() {
        ElicitRequest form = ElicitRequest.form("Name?", SCHEMA);
        assertThat(form.mode()).isEqualTo(ElicitRequest.MODE_FORM);
        assertThat(form.isForm()).isTrue();
        assertThat(form.url()).isNull();
        ElicitRequest url = ElicitRequest.url("Key?", "https://x");
        assertThat(url.mode()).isEqualTo(ElicitRequest.MODE_URL);
        assertThat(url.isUrl()).isTrue();
        assertThat(url.requestedSchema()).isNull();
    }

    @Test
    void buildsResults() {
        assertThat(ElicitResult.accept(JsonObject.EMPTY).action()).isEqualTo(ElicitResult.Action.ACCEPT);
        assertThat(ElicitResult.decline().content()).isNull();
        assertThat(ElicitResult.cancel().action().wire()).isEqualTo("cancel");
        assertThatThrownBy(() -> new ElicitResult(null, null, null)).hasMessage("action");
    }

    @Test
    void buildsPrimitiveSchemas() {
        assertThat(StringSchema.of("Name").title()).isEqualTo("Name");
        assertThat(BooleanSchema.of("OK").defaultValue()).isNull();
        assertThat(NumberSchema.integer("n").integer()).isTrue();
        assertThat(NumberSchema.number("n").integer()).isFalse();
    }

    @Test
    void requiresTheChoicesOfEnums() {
        assertThatThrownBy(() -> new UntitledSingleSelectEnumSchema(null, null, null, null)).hasMessage("enum");
        assertThatThrownBy(() -> new TitledSingleSelectEnumSchema(null, null, null, null)).hasMessage("oneOf");
        assertThatThrownBy(() -> new UntitledMultiSelectEnumSchema(null, null, null, null, null, null))
                .hasMessage("items.enum");
        assertThatThrownBy(() -> new TitledMultiSelectEnumSchema(null, null, null, null, null, null))
                .hasMessage("items.anyOf");
        assertThatThrownBy(() -> new LegacyTitledEnumSchema(null, null, null, null, null)).hasMessage("enum");
        assertThatThrownBy(() -> new UnknownPrimitiveSchema(null)).hasMessage("raw");
    }

    @Test
    void exposesTitleAndDescriptionThroughTheInterface() {
        List<PrimitiveSchemaDefinition> all = List.of(new StringSchema("t", "d", null, null, null, null),
                new NumberSchema(false, "t", "d", null, null, null), new BooleanSchema("t", "d", null),
                new UntitledSingleSelectEnumSchema("t", "d", List.of("a"), null),
                new TitledSingleSelectEnumSchema("t", "d", List.of(new EnumOption("a", "A")), null),
                new UntitledMultiSelectEnumSchema("t", "d", null, null, List.of("a"), null),
                new TitledMultiSelectEnumSchema("t", "d", null, null, List.of(new EnumOption("a", "A")), null),
                new LegacyTitledEnumSchema("t", "d", List.of("a"), List.of("A"), null),
                new UnknownPrimitiveSchema(JsonObject.of("title", Json.of("t"), "description", Json.of("d"))));
        assertThat(all).extracting(PrimitiveSchemaDefinition::title).containsOnly("t");
        assertThat(all).extracting(PrimitiveSchemaDefinition::description).containsOnly("d");
    }
}
