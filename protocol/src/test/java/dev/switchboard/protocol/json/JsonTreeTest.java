package dev.switchboard.protocol.json;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTreeTest {

    @Test
    void keepsMemberOrderAsBuilt() {
        JsonObject o = JsonObject.builder().put("b", 1L).put("a", 2L).put("c", 3L).build();
        assertThat(o.members().keySet()).containsExactly("b", "a", "c");
        assertThat(o).hasToString("{\"b\":1,\"a\":2,\"c\":3}");
    }

    @Test
    void comparesObjectsRegardlessOfMemberOrder() {
        JsonObject ab = JsonObject.of("a", Json.of(1), "b", Json.of(2));
        JsonObject ba = JsonObject.of("b", Json.of(2), "a", Json.of(1));
        assertThat(ab).isEqualTo(ba);
        assertThat(ab.hashCode()).isEqualTo(ba.hashCode());
    }

    @Test
    void comparesNestedNumbersNumerically() {
        JsonObject a = JsonObject.of("n", JsonArray.of(JsonNumber.of(1), JsonNumber.of(2.0)));
        JsonObject b = JsonObject.of("n", JsonArray.of(JsonNumber.of(1.0), JsonNumber.of(2)));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void skipsJavaNullsInTheBuilder() {
        JsonObject o = JsonObject.builder()
                .put("s", (String) null).put("l", (Long) null).put("i", (Integer) null)
                .put("d", (Double) null).put("b", (Boolean) null).put("j", (Json) null)
                .build();
        assertThat(o.isEmpty()).isTrue();
        assertThat(o).isSameAs(JsonObject.EMPTY);
    }

    @Test
    void writesJsonNullWhenAskedExplicitly() {
        JsonObject o = JsonObject.builder().put("x", JsonNull.INSTANCE).build();
        assertThat(o.has("x")).isTrue();
        assertThat(o.get("x").isNull()).isTrue();
        assertThat(o).hasToString("{\"x\":null}");
    }

    @Test
    void buildsTypedMembers() {
        JsonObject o = JsonObject.builder().put("s", "v").put("l", 5L).put("i", Integer.valueOf(6))
                .put("d", Double.valueOf(0.5)).put("b", true).put("B", Boolean.FALSE).build();
        assertThat(o.getString("s")).isEqualTo("v");
        assertThat(o.get("l")).isEqualTo(JsonNumber.of(5));
        assertThat(o.get("i")).isEqualTo(JsonNumber.of(6));
        assertThat(o.get("d")).isEqualTo(JsonNumber.of(0.5));
        assertThat(o.get("b")).isEqualTo(JsonBoolean.TRUE);
        assertThat(o.get("B")).isEqualTo(JsonBoolean.FALSE);
    }

    @Test
    void replacesAMemberInPlaceWithWith() {
        JsonObject o = JsonObject.of("a", Json.of(1), "b", Json.of(2), "c", Json.of(3));
        JsonObject changed = o.with("b", Json.of("two"));
        assertThat(changed.members().keySet()).containsExactly("a", "b", "c");
        assertThat(changed.getString("b")).isEqualTo("two");
        assertThat(o.get("b")).isEqualTo(Json.of(2));
    }

    @Test
    void removesAMemberWithWithout() {
        JsonObject o = JsonObject.of("a", Json.of(1), "b", Json.of(2));
        assertThat(o.without("a").members().keySet()).containsExactly("b");
        assertThat(o.without("zzz")).isSameAs(o);
    }

    @Test
    void isImmutable() {
        JsonObject o = JsonObject.of("a", Json.of(1));
        assertThatThrownBy(() -> o.members().put("b", Json.of(2))).isInstanceOf(UnsupportedOperationException.class);
        JsonArray a = JsonArray.of(Json.of(1));
        assertThatThrownBy(() -> a.values().add(Json.of(2))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void copiesItsInputs() {
        Map<String, Json> m = new LinkedHashMap<>();
        m.put("a", Json.of(1));
        JsonObject o = JsonObject.copyOf(m);
        m.put("b", Json.of(2));
        assertThat(o.size()).isEqualTo(1);
        List<Json> l = new ArrayList<>(List.of(Json.of(1)));
        JsonArray a = new JsonArray(l);
        l.add(Json.of(2));
        assertThat(a.size()).isEqualTo(1);
    }

    @Test
    void refusesJavaNullValues() {
        Map<String, Json> m = new LinkedHashMap<>();
        m.put("a", null);
        assertThatThrownBy(() -> JsonObject.copyOf(m)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("a");
        List<Json> l = new ArrayList<>();
        l.add(null);
        assertThatThrownBy(() -> new JsonArray(l)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JsonString(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void copiesAnEmptyMapToTheSharedEmptyObject() {
        assertThat(JsonObject.copyOf(Map.of())).isSameAs(JsonObject.EMPTY);
    }

    @Test
    void startsABuilderFromAnObject() {
        JsonObject o = JsonObject.of("a", Json.of(1)).toBuilder().put("b", 2L).remove("a").build();
        assertThat(o).isEqualTo(JsonObject.of("b", Json.of(2)));
        JsonObject.Builder b = JsonObject.builder().putAll(JsonObject.of("x", Json.of(true))).putAll(null);
        assertThat(b.has("x")).isTrue();
    }

    @Test
    void readsMembersByKind() {
        JsonObject o = JsonObject.of("s", Json.of("v"), "o", JsonObject.EMPTY, "n", Json.of(1));
        assertThat(o.getString("s")).isEqualTo("v");
        assertThat(o.getString("n")).isNull();
        assertThat(o.getObject("o")).isSameAs(JsonObject.EMPTY);
        assertThat(o.getObject("s")).isNull();
        assertThat(o.get("missing")).isNull();
        assertThat(o.has("missing")).isFalse();
    }

    @Test
    void namesEachKind() {
        assertThat(JsonObject.EMPTY.kind()).isEqualTo("object");
        assertThat(JsonArray.EMPTY.kind()).isEqualTo("array");
        assertThat(Json.of("s").kind()).isEqualTo("string");
        assertThat(Json.of(1).kind()).isEqualTo("number");
        assertThat(Json.of(true).kind()).isEqualTo("boolean");
        assertThat(JsonNull.INSTANCE.kind()).isEqualTo("null");
    }

    @Test
    void convertsByKindOrReturnsNull() {
        assertThat(JsonObject.EMPTY.asObject()).isSameAs(JsonObject.EMPTY);
        assertThat(Json.of(1).asObject()).isNull();
        assertThat(Json.of("s").asString()).isEqualTo("s");
        assertThat(Json.of(1).asString()).isNull();
        assertThat(JsonNull.INSTANCE.isNull()).isTrue();
        assertThat(Json.of(false).isNull()).isFalse();
    }

    @Test
    void mapsAJavaNullStringToJsonNull() {
        assertThat(Json.of((String) null)).isSameAs(JsonNull.INSTANCE);
    }

    @Test
    void escapesStringsInToString() {
        assertThat(new JsonString("a\"b\\c\n\t\r\u0001")).hasToString("\"a\\\"b\\\\c\\n\\t\\r\\u0001\"");
    }

    @Test
    void printsArraysAndLiterals() {
        assertThat(JsonArray.of(Json.of(1), Json.of("x"), JsonNull.INSTANCE, JsonBoolean.FALSE))
                .hasToString("[1,\"x\",null,false]");
        assertThat(JsonArray.ofStrings(List.of("a", "b"))).hasToString("[\"a\",\"b\"]");
    }

    @Test
    void exposesBooleanValues() {
        assertThat(JsonBoolean.of(true)).isSameAs(JsonBoolean.TRUE);
        assertThat(JsonBoolean.TRUE.value()).isTrue();
        assertThat(JsonBoolean.FALSE.value()).isFalse();
    }

    @Test
    void indexesArrays() {
        JsonArray a = JsonArray.of(Json.of("x"), Json.of("y"));
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.get(1)).isEqualTo(Json.of("y"));
    }

    @Test
    void switchesExhaustivelyOverTheSixKinds() {
        List<Json> all = List.of(JsonObject.EMPTY, JsonArray.EMPTY, Json.of("s"), Json.of(1), Json.of(true),
                JsonNull.INSTANCE);
        List<String> names = all.stream().map(j -> switch (j) {
            case JsonObject o -> "o";
            case JsonArray a -> "a";
            case JsonString s -> "s";
            case JsonNumber n -> "n";
            case JsonBoolean b -> "b";
            case JsonNull n -> "z";
        }).toList();
        assertThat(names).containsExactly("o", "a", "s", "n", "b", "z");
    }
}
