package dev.switchboard.policy;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A decision's redaction applied to arguments (dotted paths) and results (JSON Pointers). */
class RedactionTest {

    private static JsonObject json(String text) {
        return (JsonObject) Wire.parse(text);
    }

    @Test
    void argumentPathsAreDottedAndReachIntoArrays() {
        Decision.Redaction r = new Decision.Redaction(List.of("card.number", "items.*.secret", "absent.path"), List.of());
        JsonObject args = json("{\"card\":{\"number\":\"4111\",\"holder\":\"Ada\"},\"items\":[{\"secret\":1,\"n\":1},{\"n\":2}]}");

        assertThat(r.maskArgs(args)).isEqualTo(json("{\"card\":{\"number\":\"[redacted]\",\"holder\":\"Ada\"},"
                + "\"items\":[{\"secret\":\"[redacted]\",\"n\":1},{\"n\":2}]}"));
        assertThat(new Decision.Redaction(List.of("/card/number"), List.of()).maskArgs(args).getObject("card").getString("number"))
                .as("a JSON Pointer works too").isEqualTo("[redacted]");
        assertThat(Decision.Redaction.NONE.maskArgs(args)).isSameAs(args);
    }

    @Test
    void resultPathsAreJsonPointers() {
        Decision.Redaction r = new Decision.Redaction(List.of(), List.of("/structuredContent/card"));
        assertThat(r.maskResult(json("{\"structuredContent\":{\"card\":\"4111\",\"ok\":true}}")))
                .isEqualTo(json("{\"structuredContent\":{\"card\":\"[redacted]\",\"ok\":true}}"));
    }
}
