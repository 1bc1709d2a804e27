package dev.switchboard.server;

import dev.switchboard.protocol.headers.HeaderBinding;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.switchboard.server.Rpc.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the builder refuses at registration, and the header bindings it finds. */
class ToolRegistrationTest {

    private static McpServer.Builder builder() {
        return McpServer.builder("t", "1");
    }

    @Test
    void acceptsNamesOfLettersDigitsUnderscoreDashAndDot() {
        builder().tool(Rpc.textTool("a-b_c.d9"), Rpc.echo()).build();
        builder().tool(Rpc.textTool("x".repeat(128)), Rpc.echo()).build();
    }

    @Test
    void refusesInvalidToolNames() {
        for (String name : List.of("", "has space", "slash/name", "é", "x".repeat(129), "semi;colon")) {
            assertThatThrownBy(() -> builder().tool(Rpc.textTool(name), Rpc.echo()))
                    .as(name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tool name");
        }
    }

    @Test
    void refusesAnInputSchemaThatIsNotAnObjectSchema() {
        assertThatThrownBy(() -> builder().tool(Tool.of("t", null, json("{\"type\":\"string\"}")), Rpc.echo()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"type\": \"object\"");
        assertThatThrownBy(() -> builder().tool(Tool.of("t", null, JsonObject.EMPTY), Rpc.echo()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAToolWithoutHandler() {
        assertThatThrownBy(() -> builder().tool(Rpc.textTool("t"), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void refusesAnInvalidHeaderAnnotationNamingTheTool() {
        JsonObject schema = Rpc.objectSchema("{\"region\":{\"type\":\"number\",\"x-mcp-header\":\"Region\"}}");
        assertThatThrownBy(() -> builder().tool(Tool.of("geo", null, schema), Rpc.echo()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("geo").hasMessageContaining("region");
    }

    @Test
    void refusesAnInvalidHeaderAnnotationAddedAtRuntime() {
        McpServer server = builder().tool(Rpc.textTool("ok"), Rpc.echo()).build();
        JsonObject schema = Rpc.objectSchema("{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"Bad Name\"}}");
        assertThatThrownBy(() -> server.addTool(Tool.of("bad", null, schema), Rpc.echo()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.headerBindings("bad")).isEmpty();
    }

    @Test
    void exposesTheHeaderBindingsOfATool() {
        JsonObject schema = Rpc.objectSchema("{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
                + "\"count\":{\"type\":\"integer\",\"x-mcp-header\":\"Count\"},\"plain\":{\"type\":\"string\"}}");
        McpServer server = builder().tool(Tool.of("geo", null, schema), Rpc.echo()).build();
        assertThat(server.headerBindings("geo")).containsExactly(
                new HeaderBinding("Region", List.of("region"), "string"),
                new HeaderBinding("Count", List.of("count"), "integer"));
    }

    @Test
    void hasNoHeaderBindingsForAnUnknownToolOrAToolWithoutAnnotations() {
        McpServer server = builder().tool(Rpc.textTool("plain"), Rpc.echo()).build();
        assertThat(server.headerBindings("plain")).isEmpty();
        assertThat(server.headerBindings("nope")).isEmpty();
    }

    @Test
    void headerBindingsFollowAReplacedTool() {
        JsonObject annotated = Rpc.objectSchema("{\"r\":{\"type\":\"string\",\"x-mcp-header\":\"R\"}}");
        McpServer server = builder().tool(Tool.of("geo", null, annotated), Rpc.echo()).build();
        server.addTool(Rpc.textTool("geo"), Rpc.echo());
        assertThat(server.headerBindings("geo")).isEmpty();
    }

    @Test
    void headerBindingPathsAreImmutableCopies() {
        java.util.ArrayList<String> path = new java.util.ArrayList<>(List.of("a"));
        HeaderBinding b = new HeaderBinding("A", path, "string");
        path.add("b");
        assertThat(b.path()).containsExactly("a");
        assertThatThrownBy(() -> b.path().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesNullRegistrations() {
        assertThatThrownBy(() -> builder().interceptor(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder().prompt(dev.switchboard.protocol.prompts.Prompt.of("p", null), null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder().resource(dev.switchboard.protocol.resources.Resource.of("a://b", "b", null), null))
                .isInstanceOf(NullPointerException.class);
    }
}
