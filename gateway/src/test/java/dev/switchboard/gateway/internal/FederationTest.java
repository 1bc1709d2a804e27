package dev.switchboard.gateway.internal;

import dev.switchboard.gateway.internal.UpstreamCatalog.ListKind;
import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FederationTest {
    static final JsonObject OBJECT = (JsonObject) Wire.parse("{\"type\":\"object\"}");

    static UpstreamCatalog catalog(List<Tool> tools, List<Resource> resources, Map<ListKind, CacheHints> hints) {
        return new UpstreamCatalog(ServerCapabilities.EMPTY, tools, resources, List.of(), List.of(), hints);
    }

    static Tool tool(String name) {
        return Tool.of(name, "d", OBJECT);
    }

    static List<String> names(Federation f) {
        return f.tools().stream().map(r -> r.presented().name()).toList();
    }

    @Test
    void emptyPrefixServesNamesUnchangedAndPrefixQualifies() {
        Federation f = Federation.of(List.of(
                new Federation.Member("a", "", true, catalog(List.of(tool("echo")), List.of(), Map.of())),
                new Federation.Member("b", "bee", true, catalog(List.of(tool("add")), List.of(), Map.of()))));
        assertThat(names(f)).containsExactly("echo", "bee__add");
        assertThat(f.tools().get(1).original()).isEqualTo("add");
        assertThat(f.tools().get(1).upstream()).isEqualTo("b");
        assertThat(f.notes()).isEmpty();
    }

    @Test
    void theFirstDeclaredUpstreamKeepsAContestedNameAndTheRenameIsNoted() {
        List<Federation.Member> members = List.of(
                new Federation.Member("a", "", true, catalog(List.of(tool("echo")), List.of(), Map.of())),
                new Federation.Member("b", "", true, catalog(List.of(tool("echo")), List.of(), Map.of())));
        Federation f = Federation.of(members);
        assertThat(names(f)).containsExactly("echo", "b__echo");
        assertThat(f.notes()).singleElement().asString().contains("upstream b", "\"echo\"", "b__echo");
        assertThat(Federation.of(members)).isEqualTo(f); // deterministic
    }

    @Test
    void collidingUrisGetTheUpstreamAsSchemePrefix() {
        Resource r = Resource.of("file:///etc/hosts", "hosts", "text/plain");
        Federation f = Federation.of(List.of(
                new Federation.Member("a", "", true, catalog(List.of(), List.of(r), Map.of())),
                new Federation.Member("b", "", true, catalog(List.of(), List.of(r), Map.of()))));
        assertThat(f.resources()).extracting(x -> x.presented().uri())
                .containsExactly("file:///etc/hosts", "b+file:///etc/hosts");
        assertThat(f.resources().get(1).original()).isEqualTo("file:///etc/hosts");
    }

    @Test
    void templatesAndPromptsAreFederatedToo() {
        UpstreamCatalog c = new UpstreamCatalog(ServerCapabilities.EMPTY, List.of(), List.of(),
                List.of(ResourceTemplate.of("x://{id}", "x")), List.of(Prompt.of("greet", "d")), Map.of());
        Federation f = Federation.of(List.of(new Federation.Member("a", "p", true, c), new Federation.Member("b", "p", true, c)));
        assertThat(f.prompts()).extracting(x -> x.presented().name()).containsExactly("p__greet", "b__greet");
        assertThat(f.templates()).extracting(x -> x.presented().uriTemplate()).containsExactly("x://{id}", "b+x://{id}");
    }

    @Test
    void refusesInvalidToolsNamingTheUpstream() {
        Tool badName = tool("has space");
        Tool badSchema = Tool.of("array", "d", (JsonObject) Wire.parse("{\"type\":\"array\"}"));
        Tool uncompilable = Tool.of("weird", "d", (JsonObject) Wire.parse("{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/$defs/missing\"}}}"));
        Federation f = Federation.of(List.of(new Federation.Member("evil", "", true,
                catalog(List.of(badName, badSchema, uncompilable, tool("fine")), List.of(), Map.of()))));
        assertThat(names(f)).containsExactly("fine");
        assertThat(f.notes()).hasSize(3).allSatisfy(n -> assertThat(n).startsWith("upstream evil: refused tool"));
        assertThat(f.notes().get(0)).contains("\"has space\"", "A-Z a-z 0-9");
        assertThat(f.notes().get(1)).contains("\"array\"", "\"type\": \"object\"");
    }

    @Test
    void marksDefinitionsWithTheirUpstreamAndUnhealthyOnes() {
        Federation f = Federation.of(List.of(
                new Federation.Member("a", "", true, catalog(List.of(tool("up")), List.of(), Map.of())),
                new Federation.Member("b", "", false, catalog(List.of(tool("down")), List.of(), Map.of()))));
        assertThat(f.tools().get(0).presented().meta().getObject(Federation.UPSTREAM_META).toString())
                .isEqualTo("{\"name\":\"a\"}");
        assertThat(f.tools().get(1).presented().meta().getObject(Federation.UPSTREAM_META).getString("status"))
                .isEqualTo("unhealthy");
    }

    @Test
    void combinesHintsOnlyOverContributingUpstreams() {
        Federation f = Federation.of(List.of(
                new Federation.Member("a", "", true, catalog(List.of(tool("x")), List.of(),
                        Map.of(ListKind.TOOLS, CacheHints.of(30_000, CacheScope.PUBLIC),
                                ListKind.DISCOVER, CacheHints.of(60_000, CacheScope.PUBLIC)))),
                new Federation.Member("b", "", true, catalog(List.of(tool("y")), List.of(Resource.of("r://1", "r", null)),
                        Map.of(ListKind.TOOLS, CacheHints.of(10_000, CacheScope.PRIVATE),
                                ListKind.RESOURCES, CacheHints.of(5_000, CacheScope.PUBLIC),
                                ListKind.DISCOVER, CacheHints.of(60_000, CacheScope.PUBLIC))))));
        assertThat(f.hints().get(ListKind.TOOLS)).isEqualTo(new CacheHints(10_000, CacheScope.PRIVATE));
        assertThat(f.hints().get(ListKind.RESOURCES)).isEqualTo(new CacheHints(5_000, CacheScope.PUBLIC));
        assertThat(f.hints().get(ListKind.DISCOVER)).isEqualTo(new CacheHints(60_000, CacheScope.PUBLIC));
        assertThat(f.hints()).doesNotContainKey(ListKind.PROMPTS);
    }

    @Test
    void aSessionEraUpstreamWithoutHintsMakesItsListsUncacheable() {
        Federation f = Federation.of(List.of(
                new Federation.Member("a", "", true, catalog(List.of(tool("x")), List.of(),
                        Map.of(ListKind.TOOLS, CacheHints.of(30_000, CacheScope.PUBLIC)))),
                new Federation.Member("legacy", "", true, catalog(List.of(tool("y")), List.of(), Map.of()))));
        assertThat(f.hints().get(ListKind.TOOLS)).isEqualTo(CacheHints.NONE);
    }
}
