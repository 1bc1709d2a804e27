package dev.switchboard.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Queries, forms and cookies, read one way for every route. */
class RequestFieldsTest {

    @Test
    void theFirstOfARepeatedNameWinsAndOrderIsKept() {
        assertThat(RequestFields.query("b=1&a=2&b=3&a=4")).containsExactly(
                java.util.Map.entry("b", "1"), java.util.Map.entry("a", "2"));
        assertThat(RequestFields.form("id=x&id=y")).containsExactly(java.util.Map.entry("id", "x"));
    }

    @Test
    void emptyPairsAreSkippedAndANameWithoutValueIsEmpty() {
        assertThat(RequestFields.query("&&a=1&&b&c=&=d&")).containsExactly(java.util.Map.entry("a", "1"),
                java.util.Map.entry("b", ""), java.util.Map.entry("c", ""), java.util.Map.entry("", "d"));
        assertThat(RequestFields.query(null)).isEmpty();
        assertThat(RequestFields.query("")).isEmpty();
        assertThat(RequestFields.form("&")).isEmpty();
    }

    @Test
    void plusIsASpaceAndEscapesAreUtf8() {
        assertThat(RequestFields.form("q=no+way&plus=%2B&name%20x=caf%C3%A9&eq=a%3Db=c"))
                .containsEntry("q", "no way").containsEntry("plus", "+").containsEntry("name x", "café")
                .containsEntry("eq", "a=b=c");
        assertThat(RequestFields.query("raw=café")).as("unescaped non-ASCII is taken as it is").containsEntry("raw", "café");
        assertThat(RequestFields.query("lower=%c3%a9")).containsEntry("lower", "é");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%zz", "%", "%4", "%4g", "caf%C3", "%FF", "%C3%28", "%٣٣"})
    void aMalformedEscapeIsRefusedNamingThePair(String bad) {
        assertThatThrownBy(() -> RequestFields.query("ok=1&name=" + bad + "&later=2"))
                .isInstanceOf(MalformedFieldException.class)
                .hasMessage("the query is not URL-encoded correctly near \"name=" + bad + "\"");
        assertThatThrownBy(() -> RequestFields.form(bad + "=v"))
                .isInstanceOf(MalformedFieldException.class)
                .hasMessage("the form is not URL-encoded correctly near \"" + bad + "=v\"");
    }

    @Test
    void cookiesAreSplitOnSemicolonsStrippedAndNotDecoded() {
        assertThat(RequestFields.cookies(" a = 1 ;b=x=y==; c=%41+b ;; noValue; =orphan; a=2;d=\"quoted\""))
                .containsExactly(java.util.Map.entry("a", "1"), java.util.Map.entry("b", "x=y=="),
                        java.util.Map.entry("c", "%41+b"), java.util.Map.entry("d", "\"quoted\""));
        assertThat(RequestFields.cookies("sess=with space inside")).containsEntry("sess", "with space inside");
        assertThat(RequestFields.cookies(null)).isEmpty();
        assertThat(RequestFields.cookies("")).isEmpty();
    }

    @Test
    void theMapsAreReadOnly() {
        assertThatThrownBy(() -> RequestFields.query("a=1").put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> RequestFields.cookies("a=1").put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    }
}
