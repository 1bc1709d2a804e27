package dev.switchboard.state.contract;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;

/** JSON values that a backend's encoding could mangle. */
public final class JsonSamples {
    private JsonSamples() {
    }

    /** Unicode from every plane, escapes, control characters, extreme numbers, deep nesting. */
    public static JsonObject awkward() {
        return JsonObject.builder()
                .put("ascii", "plain")
                .put("unicode", "héllo wörld – 日本語 – עברית – Ελληνικά – 😀🚀👩‍👩‍👧")
                .put("escapes", "quote \" backslash \\ slash / newline \n tab \t cr \r nul \u0000 bell \u0007 ls \u2028 ps \u2029")
                .put("empty", "")
                .put("ключ-ü-😀", "a unicode member name")
                .put("max", Long.MAX_VALUE)
                .put("min", Long.MIN_VALUE)
                .put("decimal", JsonNumber.of(new BigDecimal("3.14159265358979323846264338327950288")))
                .put("tiny", JsonNumber.of(new BigDecimal("1E-300")))
                .put("huge", JsonNumber.of(new BigInteger("123456789012345678901234567890")))
                .put("fraction", 0.1)
                .put("yes", true)
                .put("no", false)
                .put("nothing", JsonNull.INSTANCE)
                .put("array", JsonArray.of(Json.of(1), Json.of("two"), JsonArray.EMPTY, JsonObject.EMPTY, JsonNull.INSTANCE))
                .put("nested", JsonObject.of("a", JsonObject.of("b", JsonObject.of("c",
                        JsonArray.of(JsonObject.of("d", Json.of("deep 🌊"), "e", JsonArray.of(Json.of(true))))))))
                .put("emptyObject", JsonObject.EMPTY)
                .build();
    }

    /** A small event numbered {@code n}. */
    public static JsonObject numbered(int n) {
        return JsonObject.of("n", Json.of(n));
    }

    /** The number of an event made by {@link #numbered}. */
    public static int number(JsonObject event) {
        return (int) ((JsonNumber) event.get("n")).longValue();
    }
}
