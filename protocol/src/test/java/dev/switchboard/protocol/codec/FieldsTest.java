package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reader helper every type codec builds on. */
class FieldsTest {
    private static final JsonObject O = (JsonObject) Wire.parse("{\"s\":\"v\",\"n\":3,\"f\":1.5,\"b\":true,"
            + "\"o\":{\"k\":1},\"a\":[\"x\",\"y\"],\"z\":null,\"big\":12345678901234567890}");

    private static Fields f() {
        return Fields.of(O, "params");
    }

    @Test
    void refusesToWrapANonObject() {
        assertThatThrownBy(() -> Fields.of(JsonArray.EMPTY, "params")).hasMessage("params: expected object, got array");
        assertThatThrownBy(() -> Fields.of(null, "")).hasMessage("expected object, got nothing");
    }

    @Test
    void buildsMemberPaths() {
        assertThat(f().path("name")).isEqualTo("params.name");
        assertThat(Fields.of(O, "").path("name")).isEqualTo("name");
    }

    @Test
    void readsStrings() {
        assertThat(f().string("s")).isEqualTo("v");
        assertThat(f().optString("missing")).isNull();
        assertThat(f().optString("z")).isNull();
        assertThatThrownBy(() -> f().string("missing")).hasMessage("params.missing: required string is missing");
        assertThatThrownBy(() -> f().string("n")).hasMessage("params.n: expected string, got number");
    }

    @Test
    void readsNumbers() {
        assertThat(f().number("n")).isEqualTo(JsonNumber.of(3));
        assertThat(f().optDouble("f")).isEqualTo(1.5);
        assertThat(f().longValue("n")).isEqualTo(3);
        assertThat(f().optLong("missing")).isNull();
        assertThatThrownBy(() -> f().optLong("f")).hasMessage("params.f: expected integer, got 1.5");
        assertThatThrownBy(() -> f().optLong("big")).hasMessageStartingWith("params.big: expected integer");
        assertThatThrownBy(() -> f().number("s")).hasMessage("params.s: expected number, got string");
        assertThatThrownBy(() -> f().number("missing")).hasMessage("params.missing: required number is missing");
        assertThatThrownBy(() -> f().longValue("missing")).hasMessage("params.missing: required integer is missing");
    }

    @Test
    void readsBooleans() {
        assertThat(f().optBoolean("b")).isTrue();
        assertThat(f().optBoolean("missing")).isNull();
        assertThatThrownBy(() -> f().optBoolean("s")).hasMessage("params.s: expected boolean, got string");
    }

    @Test
    void readsObjects() {
        assertThat(f().object("o")).isEqualTo(JsonObject.of("k", Json.of(1)));
        assertThat(f().optObject("z")).isNull();
        assertThatThrownBy(() -> f().object("missing")).hasMessage("params.missing: required object is missing");
        assertThatThrownBy(() -> f().optObject("a")).hasMessage("params.a: expected object, got array");
    }

    @Test
    void readsArraysWithElementPaths() {
        assertThat(f().optStrings("a")).containsExactly("x", "y");
        assertThat(f().list("a", Fields::asString)).containsExactly("x", "y");
        assertThat(f().optList("missing", Fields::asString)).isNull();
        assertThatThrownBy(() -> f().list("missing", Fields::asString)).hasMessage("params.missing: required array is missing");
        assertThatThrownBy(() -> f().optList("o", Fields::asString)).hasMessage("params.o: expected array, got object");
        JsonObject mixed = (JsonObject) Wire.parse("{\"a\":[\"x\",2]}");
        assertThatThrownBy(() -> Fields.of(mixed, "p").optStrings("a")).hasMessage("p.a[1]: expected string, got number");
    }

    @Test
    void readsMapsWithEntryPaths() {
        Map<String, JsonObject> m = Fields.of(Wire.parse("{\"m\":{\"x\":{},\"y\":{\"k\":1}}}"), "p")
                .optMap("m", Fields::asObject);
        assertThat(m.keySet()).containsExactly("x", "y");
        assertThatThrownBy(() -> Fields.of(Wire.parse("{\"m\":{\"x\":1}}"), "p").optMap("m", Fields::asObject))
                .hasMessage("p.m.x: expected object, got number");
        assertThat(f().optMap("missing", Fields::asObject)).isNull();
    }

    @Test
    void readsRawAndDecodedMembers() {
        assertThat(f().raw("z")).isEqualTo(JsonNull.INSTANCE);
        assertThat(f().raw("missing")).isNull();
        assertThat(f().opt("s", Fields::asString)).isEqualTo("v");
        assertThat(f().opt("z", Fields::asString)).isNull();
        assertThat(f().required("s", Fields::asString)).isEqualTo("v");
        assertThatThrownBy(() -> f().required("z", Fields::asString)).hasMessage("params.z: required member is missing");
    }

    @Test
    void readsMeta() {
        assertThat(Fields.of(Wire.parse("{\"_meta\":{\"a\":1}}"), "").meta()).isEqualTo(JsonObject.of("a", Json.of(1)));
        assertThat(f().meta()).isNull();
        assertThat(f().object()).isSameAs(O);
    }

    @Test
    void makesDecodeExceptionsInvalidParams() {
        DecodeException e = new DecodeException("params.x", "bad");
        assertThat(e.code()).isEqualTo(-32602);
        assertThat(e.getMessage()).isEqualTo("params.x: bad");
        assertThat(new DecodeException("", "bad").getMessage()).isEqualTo("bad");
    }
}
