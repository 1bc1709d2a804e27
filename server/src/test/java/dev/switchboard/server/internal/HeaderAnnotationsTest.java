package dev.switchboard.server.internal;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.headers.HeaderBinding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.switchboard.server.Rpc.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code x-mcp-header} annotations: which are valid, and which are refused at registration. */
class HeaderAnnotationsTest {

    private static List<HeaderBinding> bindings(String schemaJson) {
        return HeaderAnnotations.of("tool", json(schemaJson));
    }

    private static String refusal(String schemaJson) {
        try {
            bindings(schemaJson);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the annotation to be refused: " + schemaJson);
    }

    @Test
    void findsNoBindingsInASchemaWithoutAnnotations() {
        assertThat(bindings("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}")).isEmpty();
        assertThat(bindings("{\"type\":\"object\"}")).isEmpty();
    }

    @Test
    void findsStringIntegerAndBooleanBindingsInOrder() {
        assertThat(bindings("{\"type\":\"object\",\"properties\":{"
                + "\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
                + "\"tenant\":{\"type\":\"integer\",\"x-mcp-header\":\"Tenant-Id\"},"
                + "\"dry\":{\"type\":\"boolean\",\"x-mcp-header\":\"Dry_Run\"}}}"))
                .containsExactly(
                        new HeaderBinding("Region", List.of("region"), "string"),
                        new HeaderBinding("Tenant-Id", List.of("tenant"), "integer"),
                        new HeaderBinding("Dry_Run", List.of("dry"), "boolean"));
    }

    @Test
    void findsBindingsNestedThroughPropertiesAlone() {
        assertThat(bindings("{\"type\":\"object\",\"properties\":{\"target\":{\"type\":\"object\",\"properties\":{"
                + "\"zone\":{\"type\":\"string\",\"x-mcp-header\":\"Zone\"}}}}}"))
                .containsExactly(new HeaderBinding("Zone", List.of("target", "zone"), "string"));
    }

    @Test
    void acceptsEveryTokenCharacter() {
        assertThat(bindings("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"!#$%&'*+-.^_`|~Az09\"}}}"))
                .extracting(HeaderBinding::header).containsExactly("!#$%&'*+-.^_`|~Az09");
    }

    @Test
    void ignoresAnnotationLookalikesInsideValues() {
        assertThat(bindings("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\","
                + "\"default\":{\"x-mcp-header\":\"Nope\"},\"const\":{\"x-mcp-header\":\"Nope\"},"
                + "\"examples\":[{\"x-mcp-header\":\"Nope\"}],\"enum\":[{\"x-mcp-header\":\"Nope\"}]}}}")).isEmpty();
    }

    @Test
    void acceptsAPropertyNamedLikeTheAnnotation() {
        assertThat(bindings("{\"type\":\"object\",\"properties\":{\"x-mcp-header\":{\"type\":\"string\"}}}")).isEmpty();
    }

    @Test
    void refusesAnEmptyName() {
        assertThat(refusal("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"\"}}}"))
                .contains("tool tool").contains("property a").contains("token");
    }

    @Test
    void refusesNamesThatAreNotTokens() {
        for (String name : List.of("Has Space", "Colon:", "Slash/", "Quote\\\"", "Tab\\t", "New\\nLine", "Ümlaut", "(paren)", "semi;", "at@")) {
            assertThat(refusal("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"" + name + "\"}}}"))
                    .as(name).contains("token");
        }
    }

    @Test
    void refusesANameThatIsNotAString() {
        assertThat(refusal("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":true}}}"))
                .contains("token");
    }

    @Test
    void refusesDuplicateNamesCaseInsensitively() {
        String message = refusal("{\"type\":\"object\",\"properties\":{"
                + "\"a\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
                + "\"b\":{\"type\":\"string\",\"x-mcp-header\":\"REGION\"}}}");
        assertThat(message).contains("twice").contains("REGION");
    }

    @Test
    void refusesDuplicatesAcrossNestingLevels() {
        assertThat(refusal("{\"type\":\"object\",\"properties\":{"
                + "\"a\":{\"type\":\"string\",\"x-mcp-header\":\"Zone\"},"
                + "\"o\":{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\",\"x-mcp-header\":\"zone\"}}}}}"))
                .contains("twice");
    }

    @Test
    void refusesNumberTypedProperties() {
        assertThat(refusal("{\"type\":\"object\",\"properties\":{\"lat\":{\"type\":\"number\",\"x-mcp-header\":\"Lat\"}}}"))
                .contains("property lat").contains("number");
    }

    @Test
    void refusesObjectArrayAndUntypedProperties() {
        assertThat(refusal("{\"type\":\"object\",\"properties\":{\"o\":{\"type\":\"object\",\"x-mcp-header\":\"O\"}}}")).contains("object");
        assertThat(refusal("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"x-mcp-header\":\"A\"}}}")).contains("array");
        assertThat(refusal("{\"type\":\"object\",\"properties\":{\"u\":{\"x-mcp-header\":\"U\"}}}")).contains("untyped");
        assertThat(refusal("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":[\"string\",\"null\"],\"x-mcp-header\":\"N\"}}}"))
                .contains("untyped");
    }

    @Test
    void refusesAnAnnotationOnTheRoot() {
        assertThat(refusal("{\"type\":\"object\",\"x-mcp-header\":\"Root\"}")).contains("(root)");
    }

    @Test
    void refusesAnnotationsUnderItems() {
        assertThat(refusal("{\"type\":\"object\",\"properties\":{\"list\":{\"type\":\"array\","
                + "\"items\":{\"type\":\"string\",\"x-mcp-header\":\"Item\"}}}}")).contains("only allowed on properties reached");
        assertThat(refusal("{\"type\":\"object\",\"properties\":{\"list\":{\"type\":\"array\","
                + "\"items\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\",\"x-mcp-header\":\"Id\"}}}}}}"))
                .contains("only allowed");
    }

    @Test
    void refusesAnnotationsUnderPrefixItems() {
        assertThat(refusal("{\"type\":\"object\",\"properties\":{\"t\":{\"type\":\"array\","
                + "\"prefixItems\":[{\"type\":\"string\",\"x-mcp-header\":\"First\"}]}}}")).contains("only allowed");
    }

    @Test
    void refusesAnnotationsUnderCombinators() {
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            assertThat(refusal("{\"type\":\"object\",\"properties\":{\"a\":{\"" + combinator
                    + "\":[{\"type\":\"string\",\"x-mcp-header\":\"A\"}]}}}")).as(combinator).contains("only allowed");
            assertThat(refusal("{\"type\":\"object\",\"" + combinator + "\":[{\"properties\":{"
                    + "\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}]}")).as("root " + combinator).contains("only allowed");
        }
    }

    @Test
    void refusesAnnotationsUnderNotAndConditionals() {
        for (String keyword : List.of("not", "if", "then", "else")) {
            assertThat(refusal("{\"type\":\"object\",\"" + keyword + "\":{\"properties\":{"
                    + "\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}}")).as(keyword).contains("only allowed");
        }
    }

    @Test
    void refusesAnnotationsUnderDefinitions() {
        assertThat(refusal("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/A\"}},"
                + "\"$defs\":{\"A\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}")).contains("only allowed");
        assertThat(refusal("{\"type\":\"object\",\"definitions\":{\"A\":{\"type\":\"object\",\"properties\":{"
                + "\"b\":{\"type\":\"string\",\"x-mcp-header\":\"B\"}}}}}")).contains("only allowed");
    }

    @Test
    void refusesAnnotationsUnderAdditionalAndPatternProperties() {
        assertThat(refusal("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}"))
                .contains("only allowed");
        assertThat(refusal("{\"type\":\"object\",\"patternProperties\":{\"^x\":{\"type\":\"string\",\"x-mcp-header\":\"P\"}}}"))
                .contains("only allowed");
    }

    @Test
    void isTokenFollowsRfc9110() {
        assertThat(dev.switchboard.protocol.headers.HeaderValues.isToken("X-Region_1.a")).isTrue();
        assertThat(dev.switchboard.protocol.headers.HeaderValues.isToken("")).isFalse();
        assertThat(dev.switchboard.protocol.headers.HeaderValues.isToken("a b")).isFalse();
        assertThat(dev.switchboard.protocol.headers.HeaderValues.isToken("a\u0000")).isFalse();
        assertThat(dev.switchboard.protocol.headers.HeaderValues.isToken("\u00e9")).isFalse();
        assertThat(dev.switchboard.protocol.headers.HeaderValues.isToken("a,b")).isFalse();
        assertThat(dev.switchboard.protocol.headers.HeaderValues.isToken("{a}")).isFalse();
    }

    @Test
    void bindingsAreImmutable() {
        List<HeaderBinding> b = HeaderAnnotations.of("t", json("{\"type\":\"object\",\"properties\":{"
                + "\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}"));
        assertThatThrownBy(() -> b.add(new HeaderBinding("B", List.of("b"), "string")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namesTheToolAndPropertyPathWhenRefusing() {
        String message = assertThatIllegalArgument(() -> HeaderAnnotations.of("geo-lookup", json(
                "{\"type\":\"object\",\"properties\":{\"where\":{\"type\":\"object\",\"properties\":{"
                        + "\"lat\":{\"type\":\"number\",\"x-mcp-header\":\"Lat\"}}}}}")));
        assertThat(message).contains("tool geo-lookup").contains("property where.lat");
    }

    private static String assertThatIllegalArgument(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected IllegalArgumentException");
    }

    @Test
    void schemaIsOnlyRead() {
        JsonObject schema = json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}");
        String before = schema.toString();
        HeaderAnnotations.of("t", schema);
        assertThat(schema.toString()).isEqualTo(before);
    }
}
