package dev.switchboard.cli;

import dev.switchboard.protocol.elicitation.BooleanSchema;
import dev.switchboard.protocol.elicitation.LegacyTitledEnumSchema;
import dev.switchboard.protocol.elicitation.NumberSchema;
import dev.switchboard.protocol.elicitation.StringSchema;
import dev.switchboard.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One field's hint, default and parsing, without a terminal. */
class FormFieldTest {

    private static FormField.Parsed parse(StringSchema s, String line) {
        return new FormField("f", s, true).parse(line);
    }

    @Test
    void stringFormatsAreCheckedBeforeTheServerSeesThem() {
        StringSchema email = new StringSchema(null, null, null, null, "email", null);
        assertThat(parse(email, "ada@example.com")).isEqualTo(new FormField.Parsed.Value(Json.of("ada@example.com")));
        assertThat(parse(email, "ada")).isInstanceOf(FormField.Parsed.Invalid.class);
        StringSchema date = new StringSchema(null, null, null, null, "date", null);
        assertThat(parse(date, "2026-07-28")).isInstanceOf(FormField.Parsed.Value.class);
        assertThat(parse(date, "28/07/2026")).isEqualTo(new FormField.Parsed.Invalid("expected a date like 2026-07-28"));
        StringSchema uri = new StringSchema(null, null, null, null, "uri", null);
        assertThat(parse(uri, "https://example.com/x")).isInstanceOf(FormField.Parsed.Value.class);
        assertThat(parse(uri, "example.com")).isInstanceOf(FormField.Parsed.Invalid.class);
    }

    @Test
    void numbersKeepTheirKindAndDefaultsShowPlainly() {
        FormField ratio = new FormField("ratio", new NumberSchema(false, "Ratio", null, 0.0, 1.0, 0.5), false);
        assertThat(((FormField.Parsed.Value) ratio.parse("0.25")).value().toString()).isEqualTo("0.25");
        assertThat(ratio.parse("1.5")).isEqualTo(new FormField.Parsed.Invalid("expected a number, 0 to 1"));
        assertThat(ratio.hint()).isEqualTo("number, 0 to 1");
        assertThat(ratio.defaultText()).isEqualTo("0.5");
        FormField count = new FormField("count", new NumberSchema(true, null, null, null, null, 3.0), false);
        assertThat(count.defaultValue().toString()).isEqualTo("3");
        assertThat(count.label()).isEqualTo("count");
    }

    @Test
    void booleansAndLegacyEnumsShowTheirChoices() {
        FormField ok = new FormField("ok", new BooleanSchema("OK?", null, false), false);
        assertThat(ok.defaultText()).isEqualTo("n");
        assertThat(ok.parse("YES")).isEqualTo(new FormField.Parsed.Value(Json.of(true)));
        FormField size = new FormField("size", new LegacyTitledEnumSchema("Size", null, List.of("s", "l"),
                List.of("Small", "Large"), "l"), true);
        assertThat(size.choices()).containsExactly("Small", "Large");
        assertThat(size.defaultText()).isEqualTo("Large");
        assertThat(size.parse("1")).isEqualTo(new FormField.Parsed.Value(Json.of("s")));
    }
}
