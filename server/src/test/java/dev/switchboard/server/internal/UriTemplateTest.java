package dev.switchboard.server.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Level-1 URI templates with reserved expansion. */
class UriTemplateTest {

    @Test
    void matchesALiteralTemplateExactly() {
        UriTemplate t = new UriTemplate("test://static/readme");
        assertThat(t.match("test://static/readme")).isEmpty();
        assertThat(t.match("test://static/readme2")).isNull();
        assertThat(t.match("test://static")).isNull();
    }

    @Test
    void bindsOneSegmentPerSimpleVariable() {
        UriTemplate t = new UriTemplate("test://template/{id}/data");
        assertThat(t.match("test://template/42/data")).containsExactly(Map.entry("id", "42"));
        assertThat(t.match("test://template/4/2/data")).isNull();
        assertThat(t.match("test://template//data")).as("a variable is never empty").isNull();
    }

    @Test
    void bindsSeveralVariablesInOrder() {
        UriTemplate t = new UriTemplate("db://{schema}/{table}.{format}");
        assertThat(t.match("db://public/users.csv"))
                .containsExactly(Map.entry("schema", "public"), Map.entry("table", "users"), Map.entry("format", "csv"));
    }

    @Test
    void aSimpleVariableStopsAtQueryAndFragment() {
        UriTemplate t = new UriTemplate("test://items/{id}");
        assertThat(t.match("test://items/1?x=2")).isNull();
        assertThat(t.match("test://items/1#top")).isNull();
    }

    @Test
    void aReservedVariableSpansSlashes() {
        UriTemplate t = new UriTemplate("file:///{+path}");
        assertThat(t.match("file:///home/ada/notes.txt")).containsExactly(Map.entry("path", "home/ada/notes.txt"));
    }

    @Test
    void decodesPercentEscapes() {
        UriTemplate t = new UriTemplate("test://items/{id}");
        assertThat(t.match("test://items/a%20b")).containsEntry("id", "a b");
        assertThat(t.match("test://items/%E2%9C%93")).containsEntry("id", "\u2713");
        assertThat(t.match("test://items/a%2Fb")).containsEntry("id", "a/b");
    }

    @Test
    void keepsPlusSigns() {
        assertThat(new UriTemplate("test://items/{id}").match("test://items/c++")).containsEntry("id", "c++");
    }

    @Test
    void aMalformedPercentEscapeDoesNotMatch() {
        UriTemplate t = new UriTemplate("test://items/{id}");
        assertThat(t.match("test://items/100%zz")).isNull();
        assertThat(t.match("test://items/100%")).isNull();
        assertThat(t.match("test://items/%4")).isNull();
    }

    @Test
    void treatsRegexCharactersInTheTemplateLiterally() {
        UriTemplate t = new UriTemplate("test://a.b/(x)+[y]/{id}");
        assertThat(t.match("test://a.b/(x)+[y]/1")).containsEntry("id", "1");
        assertThat(t.match("test://aXb/(x)+[y]/1")).isNull();
    }

    @Test
    void leavesOtherOperatorsAsLiteralText() {
        UriTemplate t = new UriTemplate("test://search{?q}");
        assertThat(t.match("test://search{?q}")).isEmpty();
        assertThat(t.match("test://search?q=x")).isNull();
    }

    @Test
    void keepsTheTemplateText() {
        assertThat(new UriTemplate("test://items/{id}").template()).isEqualTo("test://items/{id}");
    }
}
