package dev.switchboard.protocol.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopiesTest {

    @Test
    void keepsNullForAnAbsentOptionalCollection() {
        assertThat(Copies.list(null, "x")).isNull();
        assertThat(Copies.<String>map(null, "x")).isNull();
    }

    @Test
    void refusesAnAbsentRequiredList() {
        assertThatThrownBy(() -> Copies.requiredList(null, "tools")).isInstanceOf(NullPointerException.class)
                .hasMessage("tools");
    }

    @Test
    void copiesListsImmutably() {
        List<String> in = new ArrayList<>(List.of("a"));
        List<String> out = Copies.list(in, "x");
        in.add("b");
        assertThat(out).containsExactly("a");
        assertThatThrownBy(() -> out.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namesTheListOfANullElement() {
        assertThatThrownBy(() -> Copies.list(Arrays.asList("a", null), "sizes"))
                .isInstanceOf(NullPointerException.class).hasMessage("null element in sizes");
    }

    @Test
    void copiesMapsImmutablyKeepingOrder() {
        Map<String, Integer> in = new LinkedHashMap<>();
        in.put("z", 1);
        in.put("a", 2);
        in.put("m", 3);
        Map<String, Integer> out = Copies.map(in, "x");
        in.put("b", 4);
        assertThat(out.keySet()).containsExactly("z", "a", "m");
        assertThatThrownBy(() -> out.put("q", 5)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namesTheEntryOfANullMapValueOrKey() {
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        assertThatThrownBy(() -> Copies.map(nullValue, "arguments")).hasMessage("null value in arguments.k");
        Map<String, String> nullKey = new LinkedHashMap<>();
        nullKey.put(null, "v");
        assertThatThrownBy(() -> Copies.map(nullKey, "arguments")).hasMessage("null key in arguments");
    }
}
